using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Tests.Shared;

namespace Kiln.Baking.Tests.Integration;

/// <summary>A run killed with -9 leaves its record Running and its resources on the cloud; gc finishes it.</summary>
[Collection(LocalCloudCollection.Name)]
public class GarbageCollectorTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task Gc_removes_what_a_dead_run_left_from_its_ledger_and_by_tag_and_marks_it_interrupted()
    {
        var run = RunId.New(TimeProvider.System);
        var deadPid = await DeadProcess.IdAsync();
        await cloud.Store.CreateRunAsync(new RunStart(run, "bake", "gc-test", "", "root", cloud.Cloud.Describe,
            DateTimeOffset.UtcNow, Environment.MachineName, deadPid), CancellationToken.None);
        var tags = KilnTags.ForTemporary(run);
        var aws = (Kiln.Aws.AwsCloud)cloud.Cloud;
        var key = new KeyPairName(run.Value);
        await aws.CreateKeyPairAsync(key, tags, CancellationToken.None);
        await cloud.Store.RecordResourceAsync(run, ResourceKind.KeyPair, key.Value, CancellationToken.None);
        // The kill came between CreateSecurityGroup's answer and the ledger write: only its tags tell.
        var group = await aws.CreateSecurityGroupAsync(run.Value, "gc test", "127.0.0.1/32", 22, tags, CancellationToken.None);
        var source = (await cloud.Cloud.FindImagesByTagAsync(SourceSelection.BaseTag, "true", CancellationToken.None)).First();
        var instance = await aws.RunInstanceAsync(new InstanceRequest(source.Id, "t2.nano",
            new SshCredential(key.Value, "ec2-user", "", null, ResourceKind.KeyPair), new SshRuleId(group.Value),
            new Dictionary<string, string>(tags) { ["Name"] = "Kiln builder gc-test" }), CancellationToken.None);
        await cloud.Store.RecordResourceAsync(run, ResourceKind.Instance, instance.Value, CancellationToken.None);

        var gc = new GarbageCollector(cloud.Cloud, cloud.Store, TimeProvider.System);
        var dry = await gc.CollectAsync(dryRun: true, CancellationToken.None);
        Assert.Contains(dry.Runs, v => v.Run.Id == run && v.Dead && v.Reason.Contains($"process {deadPid}"));
        Assert.Contains(dry.Actions, a => a.Id == key.Value && a.Found == "ledger");
        Assert.Contains(dry.Actions, a => a.Id == instance.Value && a.Found == "ledger");
        Assert.Contains(dry.Actions, a => a.Id == group.Value && a.Found == "tag");
        Assert.NotEmpty(await Bakes.LeftoversAsync(cloud.Cloud, run, "no-such-image"));

        var report = await gc.CollectAsync(dryRun: false, CancellationToken.None);

        Assert.True(report.Clean, string.Join("; ", report.Actions.Where(a => a.Error is not null).Select(a => $"{a.Id}: {a.Error}")));
        Assert.Contains(run, report.MarkedInterrupted);
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, run, "no-such-image"));
        var record = await cloud.Store.GetRunAsync(run, CancellationToken.None);
        Assert.Equal(RunOutcome.Interrupted, record!.Run.Outcome);
        Assert.Contains("kiln gc", record.Run.Error);
        Assert.All(record.Resources, r => Assert.Equal(CleanupState.Cleaned, r.State));
    }
}

