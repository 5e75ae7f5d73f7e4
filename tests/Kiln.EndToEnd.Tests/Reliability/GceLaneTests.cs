using System.Text.RegularExpressions;
using Kiln.Baking.Testing;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.EndToEnd.Tests.Cloud;
using Xunit.Abstractions;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>The tests of the bake that are about the job rather than the API, on the Compute Engine lane (`cloud:
/// local-gcp`, real podman, real ansible-playbook): bad input exits 2 before anything is made, Ctrl-C and kill -9
/// leave nothing once cleanup or `kiln gc` ran, two bakes at once both finish.</summary>
[Collection(InputsCollection.Name)]
public sealed partial class GceLaneTests(ReliabilityCloud cloud, ITestOutputHelper output)
{
    private GceProbe Gce => cloud.Gce;

    /// <summary>A one-task tree whose kiln.yml bakes on local-gcp, plus <paramref name="yml"/>.</summary>
    internal static string GceTree(string yml = "", string? firstTask = null)
    {
        var dir = Playbooks.Tiny(firstTask);
        File.WriteAllText(Path.Combine(dir, "kiln.yml"), "cloud: local-gcp\n" + yml);
        return dir;
    }

    [Theory]
    [InlineData("zone: us-west9-a\n", "zone 'us-west9-a' is not a Compute Engine zone of project kiln-local")]
    [InlineData("machine_type: e2-huge\n", "machine type 'e2-huge' does not exist in zone us-central1-a")]
    [InlineData("project: no-such-project\n", "project 'no-such-project' does not exist on local-gcp")]
    [InlineData("zone: tokyo\n", "'tokyo' is not a Compute Engine zone name")]
    [InlineData("family: \"{account}_{env}\"\n", "family")]
    [InlineData("base_image: no-such-image\n", "no-such-image")]
    public async Task A_bad_compute_engine_input_exits_2_naming_it_with_nothing_created(string yml, string expected)
    {
        var dir = GceTree(yml);
        var account = Playbooks.NewAccount("b");
        var before = await Gce.InventoryAsync();

        var bake = await cloud.KilnAsync("bake", account, "dev", "api", "--dir", dir);

        Assert.True(bake.ExitCode == 2, bake.ToString());
        Assert.Contains(expected, bake.Stderr);
        Assert.DoesNotMatch(@"^\s+at \S|Unhandled", bake.Output);
        Assert.Equal("", (await Gce.InventoryAsync()).NewSince(before));
    }

    [Fact]
    public async Task Ctrl_c_during_ansible_cancels_the_bake_and_its_cleanup_removes_instance_disk_and_rule()
    {
        var dir = GceTree(firstTask: SlowTask);
        var account = Playbooks.NewAccount("c");
        var before = await Gce.InventoryAsync();
        using var bake = KilnProcess.Start(cloud.Home, ["bake", account, "dev", "api", "--dir", dir, "--json"]);
        await bake.WaitForLineAsync(l => l.StartsWith("TASK [a long task", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        var during = (await Gce.InventoryAsync()).NewSince(before);
        Assert.Contains("instance kiln-", during);
        Assert.Contains("disk kiln-", during);
        Assert.Contains("firewall rule kiln-", during);
        await Task.Delay(500);

        bake.Signal(KilnProcess.SIGINT);
        var result = await bake.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal("", (await Gce.InventoryAsync()).NewSince(before));
        var run = await Runs.NewestRunOfAsync(cloud, $"{account}-dev-api-base");
        Assert.Equal("cancelled", Runs.Outcome(await Runs.ShowAsync(cloud, run)));
        Assert.Empty(Runs.ProcessesOf(run));
    }

    [Fact]
    public async Task Two_bakes_at_once_both_finish_each_in_its_own_family_and_leave_nothing_temporary()
    {
        var dir = GceTree();
        var (a, b) = (Playbooks.NewAccount("t"), Playbooks.NewAccount("t"));
        var before = await Gce.InventoryAsync();

        var bakes = await Task.WhenAll(cloud.KilnAsync("bake", a, "dev", "api", "--dir", dir), cloud.KilnAsync("bake", b, "dev", "api", "--dir", dir));

        foreach (var bake in bakes) Assert.True(bake.ExitCode == 0, bake.ToString());
        var made = (await Gce.InventoryAsync()).NewSince(before).Split('\n');
        Assert.Equal(2, made.Length);
        Assert.Contains(made, l => l.StartsWith($"image {a}-dev-api-base-", StringComparison.Ordinal));
        Assert.Contains(made, l => l.StartsWith($"image {b}-dev-api-base-", StringComparison.Ordinal));
        foreach (var family in new[] { a, b })
            Assert.StartsWith($"{family}-dev-api-base-", (string?)(await Gce.GetAsync($"projects/{Gce.Project}/global/images/family/{family}-dev-api-base"))?["name"]);
    }

    /// <summary>Where a killed GCE bake leaves what: the firewall rule alone, the instance and its disk before the
    /// ledger heard of them, the stopped instance's disk, an image being made, a finished image's disk.</summary>
    public static readonly TheoryData<string, string> KillPoints = new()
    {
        { "create firewall rule:mid", "firewall rule" },
        { "run instance:mid", "instance" },
        { "delete instance:before", "disk" },
        { "create image:mid", "image" },
        { "delete disk:before", "disk" },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task Kill_9_mid_bake_then_gc_removes_every_leftover_and_marks_the_run_interrupted(string point, string leftKind)
    {
        var dir = GceTree();
        var account = Playbooks.NewAccount("k");
        var family = $"{account}-dev-api-base";
        var before = await Gce.InventoryAsync();
        using var bake = KilnProcess.Start(cloud.Home, ["bake", account, "dev", "api", "--dir", dir],
            new Dictionary<string, string> { [PausePoints.Variable] = point });
        await bake.WaitForLineAsync(l => l.StartsWith(PausePoints.Marker, StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        await bake.KillHardAsync();
        var run = await Runs.NewestRunOfAsync(cloud, family);
        var left = (await Gce.InventoryAsync()).NewSince(before);
        Assert.Contains($"{leftKind} ", left);

        var gc = await cloud.KilnAsync("gc", "--cloud", "local-gcp");
        output.WriteLine($"{point}: left [{left.Replace('\n', ';')}]; gc: {gc.Stdout.Trim()}");

        Assert.True(gc.ExitCode == 0, gc.ToString());
        var after = (await Gce.InventoryAsync()).NewSince(before);
        // A finished image (killed after it was made) is a generation and stays; everything temporary goes.
        Assert.True(after == "" || point == "delete disk:before" && ImageOnly().IsMatch(after), $"{point}: left after gc: {after}");
        Assert.Equal("interrupted", Runs.Outcome(await Runs.ShowAsync(cloud, run)));
        Assert.Empty(Runs.ProcessesOf(run));
    }

    private const string SlowTask = """
            - name: a long task, cancelled in its middle
              command: sleep 60
              tags: [dev-api]
        """;

    [GeneratedRegex(@"^image [a-z0-9-]+-dev-api-base-\d{8}-\d{4}$")]
    private static partial Regex ImageOnly();
}
