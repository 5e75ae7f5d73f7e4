using System.Text.Json;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>`kiln bake … --repo URL --ref REF` from real git repositories (a bare one over file:// and by path) on the
/// local cloud: the commit is recorded, a second bake of the same inputs makes nothing, --force bakes anyway, a pushed
/// change bakes and is named, two refs of one repository bake at once, and bad input leaves nothing behind.</summary>
[Collection(BakeCollection.Name)]
public sealed class RepositoryBakeTests(CliCloudFixture cloud)
{
    /// <summary>A tiny playbook tree committed on main, and a bare clone of it to bake from.</summary>
    private async Task<(string Work, string Bare, string Commit)> RepositoryAsync()
    {
        var work = PlaybookTrees.Tiny(cloud.Home);
        var commit = await PlaybookTrees.GitCommitAsync(work);
        var bare = work + ".git";
        await PlaybookTrees.GitAsync(cloud.Home, "clone", "-q", "--bare", work, bare);
        return (work, bare, commit);
    }

    private Task<BakeRun> BakeAsync(string account, string repo, string gitRef, params string[] extra) =>
        BakeAsync(cloud.Kiln, account, repo, gitRef, extra);

    private static Task<BakeRun> BakeAsync(Cli.KilnCli kiln, string account, string repo, string gitRef, params string[] extra) =>
        BakeRun.RunAsync(kiln, account, ["--repo", repo, "--ref", gitRef, "--json", .. extra]);

    [Fact]
    public async Task A_commit_bakes_once_then_is_up_to_date_from_the_repository_and_its_directory_until_a_push_changes_it()
    {
        var (work, bare, commit) = await RepositoryAsync();
        var account = BakeRun.NewAccount();
        var url = "file://" + bare;

        var first = (await BakeAsync(account, url, "main")).Succeeded();
        var tags = CloudProbe.Tags((await cloud.Cloud.ImageAsync(first.Image))!.Tags);
        Assert.Equal(commit, tags[KilnTags.PlaybookCommit]);
        Assert.Equal("false", tags[KilnTags.PlaybookDirty]);
        Assert.Equal(url, tags[KilnTags.PlaybookRepo]);
        var digest = first.Result.GetProperty("inputs").GetProperty("digest").GetString();
        Assert.Equal(digest, tags[KilnTags.Inputs]);

        // Unchanged: nothing is made, from the repository (text and JSON) and from the directory holding the same commit.
        var again = await cloud.Kiln.RunAsync(["bake", account, "dev", "api", "--repo", url, "--ref", "main"], null, BakeRun.Budget);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"up to date: {first.Image} ({first.ImageName}) was baked from the same inputs", again.Stdout);
        var json = await BakeAsync(account, bare, commit[..12]);
        Assert.True(json.Cli.ExitCode == 0 && json.Result.GetProperty("up_to_date").GetBoolean(), json.Cli.ToString());
        Assert.Equal("up-to-date", json.Outcome);
        Assert.Equal(first.Image, json.Image);
        var fromDirectory = await BakeRun.RunAsync(cloud.Kiln, account, work);
        Assert.True(fromDirectory.Cli.ExitCode == 0 && fromDirectory.Result.GetProperty("up_to_date").GetBoolean(), fromDirectory.Cli.ToString());
        Assert.Single(await cloud.Cloud.OwnImagesAsync($"{account}-dev-api-base-*"));
        var history = await cloud.Kiln.RunAsync("runs", "--family", $"{account}-dev-api-base", "--outcome", "up-to-date", "--json");
        Assert.Contains(json.Run, history.Stdout);

        // --force bakes anyway: named in the first bake's minute, it finds that name taken (which only a bake that goes on
        // finds) before it makes anything. Named by the clock, a minute turned meanwhile made it a whole bake.
        var forced = await BakeAsync(cloud.Kiln.InMinuteOf(first.ImageName), account, url, "main", "--force");
        Assert.True(forced.Cli.ExitCode == 2 && forced.Cli.Stderr.Contains("already exists"), forced.Cli.ToString());

        // A pushed change bakes, and the output names what changed since the newest image.
        await File.WriteAllTextAsync(Path.Combine(work, "playbooks", "dev.yml"),
            (await File.ReadAllTextAsync(Path.Combine(work, "playbooks", "dev.yml"))).Replace("marker", "marker, changed"));
        var second = await PlaybookTrees.GitCommitAsync(work);
        await PlaybookTrees.GitAsync(work, "push", "-q", bare, "HEAD:main");
        // A minute on (image names carry the minute): this minute's name is taken.
        var changed = (await BakeAsync(cloud.Kiln.MinutesAhead(1), account, url, "main")).Succeeded();
        Assert.Equal(second, CloudProbe.Tags((await cloud.Cloud.ImageAsync(changed.Image))!.Tags)[KilnTags.PlaybookCommit]);
        var changes = changed.Result.GetProperty("inputChanges").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("playbook files: changed playbooks/dev.yml", changes);
        Assert.DoesNotContain(changes, c => c!.StartsWith("source image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_refs_of_one_repository_bake_at_once()
    {
        var (work, bare, main) = await RepositoryAsync();
        await File.WriteAllTextAsync(Path.Combine(work, "README"), "release\n");
        await PlaybookTrees.GitAsync(work, "checkout", "-q", "-b", "release");
        var release = await PlaybookTrees.GitCommitAsync(work);
        await PlaybookTrees.GitAsync(work, "push", "-q", bare, "release");

        var bakes = await Task.WhenAll(
            BakeAsync(BakeRun.NewAccount(), bare, "main"),
            BakeAsync(BakeRun.NewAccount(), bare, "release"));
        foreach (var b in bakes) b.Succeeded();
        var commits = new List<string>();
        foreach (var b in bakes) commits.Add(CloudProbe.Tags((await cloud.Cloud.ImageAsync(b.Image))!.Tags)[KilnTags.PlaybookCommit]);
        Assert.Equal([main, release], commits);
        Assert.Single(Directory.GetDirectories(Path.Combine(cloud.Home, "git")), d => d.Contains(Path.GetFileNameWithoutExtension(bare)));
    }

    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        // name, repository (BARE: the test's bare repository), ref, what the message must say
        { "an unknown ref", "BARE", "no-such-branch", "ref 'no-such-branch' is not a branch, tag or commit of" },
        { "a repository that does not exist", "/nonexistent/playbooks.git", "main", "does not exist" },
        { "a file:// repository that is not one", "file:///tmp", "main", "could not be fetched" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_exits_2_before_anything_is_made(string name, string repo, string gitRef, string message)
    {
        var (_, bare, _) = await RepositoryAsync();
        var before = await cloud.Cloud.InventoryAsync();
        var runs = RunDirectories();
        var result = await cloud.Kiln.RunAsync(["bake", BakeRun.NewAccount(), "dev", "api", "--repo", repo == "BARE" ? bare : repo, "--ref", gitRef],
            null, BakeRun.Budget);
        Assert.True(result.ExitCode == 2, $"{name}: {result}");
        Assert.Contains(message, result.Stderr);
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
        Assert.Equal(runs, RunDirectories());
    }

    [Fact]
    public async Task A_ref_whose_tree_has_no_playbook_for_the_env_exits_2_naming_the_repository_and_ref()
    {
        var (_, bare, commit) = await RepositoryAsync();
        var before = await cloud.Cloud.InventoryAsync();
        var runs = RunDirectories();
        var result = await cloud.Kiln.RunAsync(["bake", BakeRun.NewAccount(), "prd", "api", "--repo", bare, "--ref", "main"], null, BakeRun.Budget);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"expected playbooks/prd.yml in {bare} at main ({commit[..12]})", result.Stderr);
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
        Assert.Equal(runs, RunDirectories());
        var mirror = Directory.GetDirectories(Path.Combine(cloud.Home, "git")).Single(d => d.Contains(Path.GetFileNameWithoutExtension(bare)));
        Assert.Single((await PlaybookTrees.GitAsync(mirror, "worktree", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string[] RunDirectories() =>
        Directory.Exists(Path.Combine(cloud.Home, "runs")) ? [.. Directory.GetDirectories(Path.Combine(cloud.Home, "runs")).Order()] : [];
}
