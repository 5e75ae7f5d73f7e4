using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Integration;

/// <summary>The first ansible-playbook starts before the instance and waits for it (Provisioners/EarlyAnsible.cs):
/// real ansible-playbook, real sshd, the local cloud.</summary>
[Collection(LocalCloudCollection.Name)]
public class EarlyAnsibleTests(LocalCloudFixture cloud) : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);
    private readonly TestFamilies _families = new(cloud);

    private Family NewFamily() => _families.New();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _families.DropAsync();

    [Fact]
    public async Task The_play_is_running_before_the_instance_exists_and_reaches_it_once_ssh_works()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var family = NewFamily();
        var run = RunId.New(TimeProvider.System);
        var playsAtLaunch = new List<int>();
        var spec = Bakes.Spec(family, new SourceSelector.BaseImage(), [Bakes.Ansible(dir, AnsibleStrategy.Mitogen)]);
        using var cts = new CancellationTokenSource(Budget);

        var outcome = await Bakes.RunAsync(cloud, spec, cts.Token, (stream, text) =>
        {
            if (stream == "kiln" && text.StartsWith("Launched instance", StringComparison.Ordinal))
                playsAtLaunch.AddRange(Bakes.AnsibleProcessesOf(run));
        }, run);

        Assert.True(outcome.Result.Succeeded, outcome.Result.Error);
        Assert.NotEmpty(playsAtLaunch);
        var texts = outcome.Log.Select(l => l.Text).ToList();
        int IndexOf(string start) => texts.FindIndex(t => t.StartsWith(start, StringComparison.Ordinal));
        Assert.True(IndexOf("Started ansible-playbook") < IndexOf("Launched instance"));
        // Held until the release: ansible's first lines follow the announcement, as with a play started late.
        var announced = IndexOf("Executing Ansible (mitogen)");
        Assert.True(announced > IndexOf("Connected to"), "announced before SSH worked");
        Assert.True(announced < outcome.Log.ToList().FindIndex(l => l.Stream == "ansible"), "ansible's lines came before the announcement");
        Assert.Contains(outcome.Log, l => l.Stream == "ansible" && l.Text.Contains("ok=18", StringComparison.Ordinal));
        Assert.Contains(outcome.Record.Steps, s => s.Name == "start ansible" && s.Outcome == "succeeded");
        Assert.Empty(Bakes.AnsibleProcessesOf(run));
        Assert.False(Directory.Exists(cloud.Paths.RunDirectory(run)), "the run directory (inventory, plugin) was left");
    }

    [Fact]
    public async Task The_instance_address_reaches_the_play_below_the_playbooks_own_variables()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        Directory.CreateDirectory(Path.Combine(dir, "playbooks", "group_vars"));
        // The playbook's own choice of Python beats the one Kiln's login found (Debian 12 has both).
        await File.WriteAllTextAsync(Path.Combine(dir, "playbooks", "group_vars", "all.yml"), "ansible_python_interpreter: /usr/bin/python3.11\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "playbooks", "where.yml"), """
            - hosts: dev-api
              gather_facts: false
              tasks:
                - name: where am I
                  debug: {msg: "host={{ ansible_host }} python={{ ansible_python_interpreter }}"}
                  tags: [dev-api]
            """);
        var kept = Directory.CreateTempSubdirectory("kiln-inventory-").FullName;
        var ansible = Bakes.Ansible(dir, AnsibleStrategy.Pipelining, "where.yml") with { InventoryDirectory = kept, KeepInventoryFile = true };
        var spec = Bakes.Spec(NewFamily(), new SourceSelector.BaseImage(), [ansible]);
        using var cts = new CancellationTokenSource(Budget);

        var outcome = await Bakes.RunAsync(cloud, spec, cts.Token);

        Assert.True(outcome.Result.Succeeded, outcome.Result.Error);
        var address = outcome.Log.Select(l => l.Text).First(t => t.StartsWith("Instance ", StringComparison.Ordinal) && t.Contains(" is running at ")).Split(' ')[^1];
        Assert.Contains(outcome.Log, l => l.Stream == "ansible" && l.Text.Contains($"host={address} python=/usr/bin/python3.11", StringComparison.Ordinal));
        // Packer's keep_inventory_file: the kept inventory names the instance, not the address it started with.
        var inventory = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(kept)));
        Assert.Contains($"ansible_host: {address}", inventory);
        Assert.DoesNotContain(EarlyAnsible.PendingAddress, inventory);
        Directory.Delete(kept, recursive: true);
    }

    [Fact]
    public async Task Ctrl_C_before_ssh_stops_the_waiting_play_and_leaves_nothing()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var run = RunId.New(TimeProvider.System);
        var spec = Bakes.Spec(NewFamily(), new SourceSelector.BaseImage(), [Bakes.Ansible(dir, AnsibleStrategy.Mitogen)]);
        using var cts = new CancellationTokenSource(Budget);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var waiting = new List<int>();

        var outcome = await Bakes.RunAsync(cloud, spec, ctrlC.Token, (stream, text) =>
        {
            if (stream != "kiln" || !text.StartsWith("Launched instance", StringComparison.Ordinal)) return;
            waiting.AddRange(Bakes.AnsibleProcessesOf(run));
            ctrlC.Cancel();
        }, run);

        Assert.Equal(RunOutcome.Cancelled, outcome.Result.Outcome);
        Assert.NotEmpty(waiting);
        Assert.Empty(Bakes.AnsibleProcessesOf(run));
        Assert.DoesNotContain(outcome.Log, l => l.Stream == "ansible");
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, outcome.Result.Run, spec.ImageName));
        Assert.All(outcome.Record.Resources, r => Assert.Equal(CleanupState.Cleaned, r.State));
        Assert.False(Directory.Exists(cloud.Paths.RunDirectory(run)), "the run directory (inventory, plugin) was left");
    }

    [Fact]
    public async Task A_play_that_ends_before_reaching_the_instance_is_run_once_more_the_usual_way()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        await File.WriteAllTextAsync(Path.Combine(dir, "playbooks", "unparsable.yml"), "- hosts: all\n  tasks: [ {\n");
        var spec = Bakes.Spec(NewFamily(), new SourceSelector.BaseImage(), [Bakes.Ansible(dir, AnsibleStrategy.Pipelining, "unparsable.yml")]);
        using var cts = new CancellationTokenSource(Budget);

        var outcome = await Bakes.RunAsync(cloud, spec, cts.Token);

        Assert.Equal(RunOutcome.Failed, outcome.Result.Outcome);
        Assert.Contains("ansible-playbook exited with code 4", outcome.Result.Error);
        Assert.Single(outcome.Log, l => l.Text.Contains("before reaching the instance; running it again the usual way", StringComparison.Ordinal));
        Assert.Equal(2, outcome.Log.Count(l => l.Text.StartsWith("Executing Ansible", StringComparison.Ordinal)));
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, outcome.Result.Run, spec.ImageName));
    }
}
