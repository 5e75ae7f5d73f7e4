using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Runs;

namespace Kiln.Baking.Tests.Integration;

/// <summary>Bakes of the article's playbook tree on the local cloud: real podman instances, real sshd, real
/// ansible-playbook, the AWS SDK over HTTP, the SQLite history.</summary>
[Collection(LocalCloudCollection.Name)]
public class BakeOnLocalCloudTests(LocalCloudFixture cloud) : IAsyncLifetime
{
    private readonly TestFamilies _families = new(cloud);

    private Family NewFamily() => _families.New();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _families.DropAsync();

    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Bake_of_hoge_dev_api_makes_a_tagged_image_leaves_nothing_temporary_and_the_next_bake_starts_from_it()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        await Bakes.GitCommitAsync(dir);
        var family = NewFamily();
        using var cts = new CancellationTokenSource(Budget);

        var first = await Bakes.RunAsync(cloud, Bakes.Spec(family, new SourceSelector.NewestOfFamily(family, null),
            [Bakes.Ansible(dir, AnsibleStrategy.Mitogen)], lineage: dir), cts.Token);

        Assert.True(first.Result.Succeeded, first.Result.Error);
        Assert.Empty(first.Result.Warnings);
        var image = await cloud.Cloud.GetImageAsync(first.Result.Image!.Value, CancellationToken.None);
        Assert.NotNull(image);
        Assert.Equal(ImageState.Available, image.State);
        Assert.Equal(family.Name, image.Tags[KilnTags.Family]);
        Assert.Equal(first.Result.Source!.Value.Value, image.Tags[KilnTags.SourceImage]);
        Assert.Equal(first.Result.Run.Value, image.Tags[KilnTags.RunId]);
        Assert.Equal(await Bakes.GitHeadAsync(dir), image.Tags[KilnTags.PlaybookCommit]);
        Assert.Equal("false", image.Tags[KilnTags.PlaybookDirty]);
        Assert.Equal("false", image.Tags[KilnTags.Temporary]);
        Assert.Equal(KilnVersionInfo.Current, image.Tags[KilnTags.Version]);

        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, first.Result.Run, "no-such-image"));
        Assert.Equal(RunOutcome.Succeeded, first.Record.Run.Outcome);
        Assert.All(first.Record.Resources, r => Assert.Equal(r.Kind is ResourceKind.Image or ResourceKind.Snapshot ? CleanupState.Kept : CleanupState.Cleaned, r.State));
        Assert.Contains(first.Record.Resources, r => r.Kind == ResourceKind.Instance);
        Assert.Contains(first.Log, l => l.Text.StartsWith("Executing Ansible", StringComparison.Ordinal) && l.Text.Contains("--tags dev-api"));
        Assert.Contains(first.Log, l => l.Stream == "ansible" && l.Text.StartsWith("PLAY RECAP", StringComparison.Ordinal));
        AssertNoSecrets(first);

        // The next bake starts from the new image; a shell provisioner reads what the playbook left in it.
        var check = new ShellProvisionerSpec
        {
            Inline = ["cat /etc/image-role", "test -L /etc/nginx/sites-enabled/api.conf && echo api-site-enabled",
                "echo category=$(cat /etc/td-agent/category)", "echo db-mode=$(sudo stat -c %a /opt/app/conf/db.conf)",
                "echo keys=$(grep -c . ~/.ssh/authorized_keys)"],
        };
        var second = await Bakes.RunAsync(cloud, Bakes.Spec(family, new SourceSelector.NewestOfFamily(family, null), [check],
            minutesAhead: 1, keep: 1), cts.Token);

        Assert.True(second.Result.Succeeded, second.Result.Error);
        Assert.Equal(first.Result.Image, second.Result.Source);
        var shell = second.Log.Where(l => l.Stream == "shell").Select(l => l.Text).ToList();
        Assert.Contains("env=dev", shell);
        Assert.Contains("group=dev-api", shell);
        Assert.Contains("api-site-enabled", shell);
        Assert.Contains("category=api", shell);
        Assert.Contains("db-mode=600", shell);
        // Only this run's key: the first run removed its own before its image was made.
        Assert.Contains("keys=1", shell);

        // keep 1: the first image is pruned with its snapshots.
        Assert.Empty(second.Result.Warnings);
        var pruned = Assert.Single(second.Result.Pruned);
        Assert.Equal(first.Result.Image, pruned.Id);
        var gone = await cloud.Cloud.GetImageAsync(first.Result.Image!.Value, CancellationToken.None);
        Assert.True(gone is null || gone.State == ImageState.Deregistered);
        Assert.Contains(second.Result.Kept, k => k.Id == second.Result.Image && k.Reason == "one of the newest 1");
    }

    [Fact]
    public async Task A_failing_playbook_leaves_nothing_and_the_record_says_failed()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        // `hosts: dev-api`: the generated inventory must place the host in the group (the article's pitfall).
        await File.WriteAllTextAsync(Path.Combine(dir, "playbooks", "broken.yml"), """
            - hosts: dev-api
              gather_facts: false
              tasks:
                - name: reached through the dev-api group
                  command: "true"
                  tags: [dev-api]
                - name: a task that fails
                  fail: {msg: "this playbook is broken on purpose"}
                  tags: [dev-api]
            """);
        var family = NewFamily();
        var spec = Bakes.Spec(family, new SourceSelector.BaseImage(), [Bakes.Ansible(dir, AnsibleStrategy.Pipelining, "broken.yml")]);
        using var cts = new CancellationTokenSource(Budget);

        var outcome = await Bakes.RunAsync(cloud, spec, cts.Token);

        Assert.Equal(RunOutcome.Failed, outcome.Result.Outcome);
        Assert.Contains("ansible-playbook exited with code 2", outcome.Result.Error);
        Assert.Contains(outcome.Log, l => l.Stream == "ansible" && l.Text.Contains("changed: [default]"));
        Assert.Contains(outcome.Log, l => l.Stream == "ansible" && l.Text.Contains("broken on purpose"));
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, outcome.Result.Run, spec.ImageName));
        Assert.Equal(RunOutcome.Failed, outcome.Record.Run.Outcome);
        Assert.Contains("exited with code 2", outcome.Record.Run.Error);
        Assert.NotEmpty(outcome.Record.Resources);
        Assert.All(outcome.Record.Resources, r => Assert.Equal(CleanupState.Cleaned, r.State));
        Assert.Contains(outcome.Record.Steps, s => s.Name == "provision" && s.Outcome == "failed");
        Assert.Empty(outcome.Result.Pruned);
        AssertNoSecrets(outcome);
    }

    [Fact]
    public async Task Cancel_during_ansible_kills_it_and_leaves_nothing()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var family = NewFamily();
        var spec = Bakes.Spec(family, new SourceSelector.BaseImage(), [Bakes.Ansible(dir, AnsibleStrategy.Pipelining)]);
        using var cts = new CancellationTokenSource(Budget);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

        var outcome = await Bakes.RunAsync(cloud, spec, ctrlC.Token, (stream, text) =>
        {
            if (stream == "ansible" && text.StartsWith("TASK [common : application users]", StringComparison.Ordinal)) ctrlC.Cancel();
        });

        Assert.True(ctrlC.IsCancellationRequested, "the bake never reached ansible's tasks");
        Assert.Equal(RunOutcome.Cancelled, outcome.Result.Outcome);
        Assert.Empty(Bakes.AnsibleProcessesOf(outcome.Result.Run));
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, outcome.Result.Run, spec.ImageName));
        Assert.Equal(RunOutcome.Cancelled, outcome.Record.Run.Outcome);
        Assert.All(outcome.Record.Resources, r => Assert.Equal(CleanupState.Cleaned, r.State));
        Assert.Contains(outcome.Record.Steps, s => s.Name == "provision" && s.Outcome == "cancelled");
    }

    [Fact]
    public async Task An_image_name_that_exists_is_refused_before_anything_is_created()
    {
        var images = await cloud.Cloud.FindImagesByTagAsync(SourceSelection.BaseTag, "true", CancellationToken.None);
        var taken = images.First(i => i.State == ImageState.Available);
        var spec = Bakes.Spec(NewFamily(), new SourceSelector.BaseImage(), []) with { ImageName = taken.Name };

        var error = await Assert.ThrowsAsync<KilnInputException>(() => Bakes.RunAsync(cloud, spec, CancellationToken.None));

        Assert.Contains($"an image named '{taken.Name}' already exists", error.Message);
        var runs = await cloud.Store.ListRunsAsync(new RunQuery(Family: spec.Family!.Name), CancellationToken.None);
        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Empty((await cloud.Store.GetRunAsync(run.Id, CancellationToken.None))!.Resources);
    }

    private static void AssertNoSecrets(Bakes.Outcome outcome)
    {
        var everything = string.Join('\n', outcome.Log.Select(l => l.Text)) + outcome.Result.ToJson()
            + outcome.Record.Run.Error + outcome.Record.ResultJson + string.Join('\n', outcome.Record.Steps.Select(s => s.Error));
        foreach (var secret in Bakes.Secrets) Assert.DoesNotContain(secret, everything);
    }
}
