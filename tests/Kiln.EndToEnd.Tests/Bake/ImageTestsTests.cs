using Kiln.Core;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

[CollectionDefinition(Name)]
public sealed class ImageTestsCollection : ICollectionFixture<CliCloudFixture>
{
    // A home of its own: the --keep-failed test waits for the next minute, which overlaps the other collections' bakes.
    public const string Name = "kiln bake: image tests";
}

/// <summary>kiln.yml's `tests:` through the real binary on the local cloud: a fresh instance of the new image (real
/// podman, sshd, sudo, ansible-playbook) must pass them before the image counts as a generation.</summary>
[Collection(ImageTestsCollection.Name)]
public sealed class ImageTestsTests(CliCloudFixture cloud)
{
    private const string CheckPlaybook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - name: the marker the bake wrote is there
              command: grep -q group=dev-api /etc/kiln-e2e-marker
              changed_when: false
        """;

    [Fact]
    public async Task Passing_tests_tag_the_image_passed_and_leave_no_instance_behind()
    {
        var tree = Tree("""
            tests:
              commands:
                - test -f /etc/kiln-e2e-marker
                - "echo uid-$(id -u) tested-$(tr ' ' _ < /etc/kiln-e2e-marker)"
              playbook: tests/check.yml
              timeout: 3m
            """);
        var before = await cloud.Cloud.InventoryAsync();

        var bake = (await BakeRun.RunAsync(cloud.Kiln, BakeRun.NewAccount(), tree)).Succeeded();

        Assert.Equal("passed", bake.Result.GetProperty("tests").GetString());
        var tags = CloudProbe.Tags((await cloud.Cloud.ImageAsync(bake.Image))!.Tags);
        Assert.Equal("passed", tags[KilnTags.Tests]);
        Assert.Equal("false", tags[KilnTags.Temporary]);
        var steps = bake.Result.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.True(steps.IndexOf("wait for image") < steps.IndexOf("launch test instance") && steps.Contains("test image"), string.Join(", ", steps));
        // The commands ran as root (sudo) on an instance of the new image, and their output is in the run's log.
        var log = await cloud.Kiln.RunAsync("runs", "log", bake.Run);
        Assert.Contains("uid-0 tested-group=dev-api_category=api", log.Stdout);
        Assert.Contains("the marker the bake wrote is there", log.Stdout);
        // Only the image and its snapshots remain: the builder and the test instance are gone, key pair and group too.
        var made = (await cloud.Cloud.InventoryAsync()).NewSince(before).Split('\n');
        Assert.All(made, line => Assert.Matches("^(image|snapshot) ", line));
    }

    [Fact]
    public async Task A_failing_command_fails_the_bake_naming_it_with_its_output_and_removes_the_image()
    {
        var account = BakeRun.NewAccount();
        var tree = Tree("""
            tests:
              commands: ["true", "echo the-service-is-down >&2; exit 3"]
            """);
        var before = await cloud.Cloud.InventoryAsync();

        var bake = await BakeRun.RunAsync(cloud.Kiln, account, tree);

        Assert.True(bake.Cli.ExitCode == 1, bake.Cli.ToString());
        Assert.Equal("failed", bake.Outcome);
        var error = bake.Result.GetProperty("error").GetString()!;
        Assert.Contains("test command 'echo the-service-is-down >&2; exit 3' exited 3", error);
        Assert.Contains("the-service-is-down", error);
        Assert.Equal("failed", bake.Result.GetProperty("tests").GetString());
        // Deregistered with its snapshots, and nothing else is left either.
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
        Assert.Empty(await cloud.Cloud.OwnImagesAsync($"{account}-dev-api-base-*"));
    }

    [Fact]
    public async Task Keep_failed_keeps_the_image_tagged_failed_and_it_is_never_the_next_source()
    {
        var account = BakeRun.NewAccount();
        var tree = Tree("""
            tests:
              commands: ["test -f /etc/not-there"]
            """);

        var failed = await BakeRun.RunAsync(cloud.Kiln, account, tree, "--keep-failed");

        Assert.True(failed.Cli.ExitCode == 1, failed.Cli.ToString());
        Assert.Contains("test command 'test -f /etc/not-there' exited 1", failed.Result.GetProperty("error").GetString());
        var kept = failed.Result.GetProperty("failed_image").GetString()!;
        var tags = CloudProbe.Tags((await cloud.Cloud.ImageAsync(kept))!.Tags);
        Assert.Equal("failed", tags[KilnTags.Tests]);
        Assert.Equal("false", tags[KilnTags.Temporary]);

        // The next bake of the family (no tests now) does not start from the failed image: the family has no generation.
        File.Delete(Path.Combine(tree, "kiln.yml"));
        // A minute on (image names carry the minute): the failed image holds this minute's name.
        var next = (await BakeRun.RunAsync(cloud.Kiln.MinutesAhead(1), account, tree)).Succeeded();
        Assert.Equal(cloud.BaseImageId, next.Source);
        Assert.Null(next.Result.GetProperty("tests").GetString());
        // Retention does not count it as a generation, and removes it once a newer generation exists.
        Assert.Equal([kept], next.Pruned);
    }

    private string Tree(string kilnYml)
    {
        var tree = PlaybookTrees.Tiny(cloud.Home);
        File.WriteAllText(Path.Combine(tree, "kiln.yml"), kilnYml);
        Directory.CreateDirectory(Path.Combine(tree, "tests"));
        File.WriteAllText(Path.Combine(tree, "tests", "check.yml"), CheckPlaybook);
        return tree;
    }
}
