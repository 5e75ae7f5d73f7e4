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

    /// <summary>Two Kilns on one account (a server's database, a laptop's SQLite): a gc of one history leaves what a young
    /// run of the other tagged (it may be baking), and takes it once the run is a day old.</summary>
    [Fact]
    public async Task What_a_run_of_another_history_tagged_is_left_until_the_run_is_a_day_old()
    {
        var ct = CancellationToken.None;
        var aws = (Kiln.Aws.AwsCloud)cloud.Cloud;
        var young = RunId.New(TimeProvider.System);
        var old = new RunId($"kiln-{DateTimeOffset.UtcNow.AddHours(-25):yyyyMMdd-HHmmss}-01d0");
        var source = (await cloud.Cloud.FindImagesByTagAsync(SourceSelection.BaseTag, "true", ct)).First();
        var instances = new Dictionary<RunId, InstanceId>();
        foreach (var run in new[] { young, old })
        {
            var tags = KilnTags.ForTemporary(run);
            await aws.CreateKeyPairAsync(new KeyPairName(run.Value), tags, ct);
            var group = await aws.CreateSecurityGroupAsync(run.Value, "gc test", "127.0.0.1/32", 22, tags, ct);
            instances[run] = await aws.RunInstanceAsync(new InstanceRequest(source.Id, "t2.nano",
                new SshCredential(run.Value, "ec2-user", "", null, ResourceKind.KeyPair), new SshRuleId(group.Value), tags), ct);
        }
        try
        {
            var lines = new List<string>();
            var report = await new GarbageCollector(cloud.Cloud, cloud.Store, TimeProvider.System).CollectAsync(dryRun: false, ct, lines.Add);

            Assert.True(report.Clean, string.Join("; ", report.Actions.Where(a => a.Error is not null).Select(a => $"{a.Id}: {a.Error}")));
            Assert.DoesNotContain(report.Actions, a => a.Run == young);
            Assert.Equal(InstanceState.Running, (await cloud.Cloud.GetInstanceAsync(instances[young], ct))?.State);
            Assert.True(await aws.KeyPairExistsAsync(young.Value, ct));
            Assert.Single(await aws.FindSecurityGroupsByTagAsync(KilnTags.RunId, young.Value, ct));
            Assert.Contains(lines, l => l.StartsWith($"left Instance {instances[young]}: its run {young} is not in this history", StringComparison.Ordinal));

            Assert.Contains(report.Actions, a => a.Run == old && a.Kind == ResourceKind.Instance && a.Id == instances[old].Value);
            Assert.False(await aws.KeyPairExistsAsync(old.Value, ct));
            Assert.Empty(await aws.FindSecurityGroupsByTagAsync(KilnTags.RunId, old.Value, ct));
        }
        finally
        {
            await aws.TerminateInstanceAsync(instances[young], ct);
            await aws.DeleteKeyPairAsync(new KeyPairName(young.Value), ct);
            for (var i = 0; i < 100 && (await cloud.Cloud.GetInstanceAsync(instances[young], ct))?.State != InstanceState.Terminated; i++)
                await Task.Delay(100, ct);
            foreach (var group in await aws.FindSecurityGroupsByTagAsync(KilnTags.RunId, young.Value, ct))
                await aws.DeleteSecurityGroupAsync(group, ct);
        }
    }
}
