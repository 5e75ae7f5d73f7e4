using Kiln.Baking.Git;
using Kiln.Core;

namespace Kiln.Baking.Tests.Git;

/// <summary>Checkouts from real repositories: a bare one by path and by file://, branches, tags and commits, two
/// runs of one repository at once, and the bad inputs that must leave nothing behind.</summary>
public sealed class PlaybookCheckoutTests : IDisposable
{
    private readonly GitRepos _repos = new();
    private readonly KilnPaths _paths;

    public PlaybookCheckoutTests() => _paths = new KilnPaths(Path.Combine(_repos.Root, "home"));

    public void Dispose() => _repos.Dispose();

    private static RunId NewRun() => new($"kiln-test-{Guid.NewGuid():N}"[..24]);

    [Fact]
    public async Task A_branch_a_tag_and_a_commit_check_out_into_the_runs_own_work_tree_and_go_with_it()
    {
        var first = GitRepos.Run(_repos.Work, "rev-parse", "HEAD").Trim();
        GitRepos.Run(_repos.Work, "tag", "v1");
        _repos.Write("playbooks/dev.yml", "- hosts: all\n  tasks: [{debug: {msg: two}}]\n");
        var second = _repos.Commit("second");
        GitRepos.Run(_repos.Work, "push", "-q", "--tags", _repos.Bare);

        foreach (var (gitRef, commit) in new[] { ("main", second), ("v1", first), (first[..10], first), ("HEAD", second) })
        {
            var run = NewRun();
            string root;
            await using (var checkout = await PlaybookCheckout.CreateAsync(_paths, run, "file://" + _repos.Bare, gitRef, "/", CancellationToken.None))
            {
                root = checkout.Root;
                Assert.Equal(commit, checkout.Commit.Commit);
                Assert.Equal("file://" + _repos.Bare, checkout.Commit.Repository);
                Assert.StartsWith(_paths.RunDirectory(run), root);
                Assert.Equal(commit == first ? "- hosts: all\n  tasks: []\n" : "- hosts: all\n  tasks: [{debug: {msg: two}}]\n",
                    await File.ReadAllTextAsync(Path.Combine(root, "playbooks", "dev.yml")));
            }
            Assert.False(Directory.Exists(_paths.RunDirectory(run)), $"{gitRef}: the run directory stayed");
        }
        var mirrors = Directory.GetDirectories(GitMirror.Root(_paths));
        Assert.Single(mirrors);
        // Only the mirror itself: every run's work tree was removed with its entry.
        Assert.Single(GitRepos.Run(mirrors[0], "worktree", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Two_runs_of_different_refs_of_one_repository_check_out_at_once()
    {
        GitRepos.Run(_repos.Work, "branch", "release");
        _repos.Write("roles/web/tasks/main.yml", "- debug: {msg: web}\n");
        var main = _repos.Commit("web role");
        var release = GitRepos.Run(_repos.Work, "rev-parse", "release").Trim();
        GitRepos.Run(_repos.Work, "push", "-q", "--all", _repos.Bare);

        var checkouts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            PlaybookCheckout.CreateAsync(_paths, NewRun(), _repos.Bare, i % 2 == 0 ? "main" : "release", "/", CancellationToken.None)));
        try
        {
            Assert.All(checkouts.Where((_, i) => i % 2 == 0), c => Assert.Equal(main, c.Commit.Commit));
            Assert.All(checkouts.Where((_, i) => i % 2 == 1), c => Assert.Equal(release, c.Commit.Commit));
            Assert.All(checkouts, c => Assert.Equal(c.Commit.Commit == main, File.Exists(Path.Combine(c.Root, "roles/web/tasks/main.yml"))));
            Assert.Single(Directory.GetDirectories(GitMirror.Root(_paths)));
        }
        finally { foreach (var c in checkouts) await c.DisposeAsync(); }
    }

    [Fact]
    public async Task An_unknown_ref_names_the_refs_there_are_and_leaves_no_work_tree()
    {
        var run = NewRun();
        var e = await Assert.ThrowsAsync<KilnInputException>(() =>
            PlaybookCheckout.CreateAsync(_paths, run, _repos.Bare, "no-such-branch", "/", CancellationToken.None));
        Assert.Contains("ref 'no-such-branch' is not a branch, tag or commit", e.Message);
        Assert.Contains("main", e.Message);
        Assert.False(Directory.Exists(_paths.RunDirectory(run)));
    }

    [Fact]
    public async Task A_repository_that_does_not_exist_or_cannot_be_fetched_is_bad_input_and_leaves_no_mirror()
    {
        var missing = await Assert.ThrowsAsync<KilnInputException>(() =>
            PlaybookCheckout.CreateAsync(_paths, NewRun(), Path.Combine(_repos.Root, "nothing.git"), "main", "/", CancellationToken.None));
        Assert.Contains("does not exist", missing.Message);

        Directory.CreateDirectory(Path.Combine(_repos.Root, "empty"));
        var notGit = await Assert.ThrowsAsync<KilnInputException>(() =>
            PlaybookCheckout.CreateAsync(_paths, NewRun(), "file://" + Path.Combine(_repos.Root, "empty"), "main", "/", CancellationToken.None));
        Assert.Contains("could not be fetched", notGit.Message);
        Assert.Empty(Directory.Exists(GitMirror.Root(_paths)) ? Directory.GetDirectories(GitMirror.Root(_paths)) : []);
    }

    [Fact]
    public async Task A_token_in_an_https_url_appears_in_no_message_and_reaches_git_only_through_its_environment()
    {
        // Nothing listens on port 9 of loopback: git fails at once, and its message must not carry the token.
        var e = await Assert.ThrowsAsync<KilnInputException>(() => PlaybookCheckout.CreateAsync(_paths, NewRun(),
            "https://kiln:tok-9f8e7d6c5b@127.0.0.1:9/hoge/playbooks.git", "main", "/", CancellationToken.None));
        Assert.Contains("https://***@127.0.0.1:9/hoge/playbooks.git", e.Message);
        Assert.DoesNotContain("tok-9f8e7d6c5b", e.Message);
        Assert.DoesNotContain(Convert.ToBase64String("kiln:tok-9f8e7d6c5b"u8.ToArray()), e.Message);
    }

    [Fact]
    public async Task A_ref_shaped_like_an_option_is_refused_before_git_runs()
    {
        var e = await Assert.ThrowsAsync<KilnInputException>(() =>
            PlaybookCheckout.CreateAsync(_paths, NewRun(), _repos.Bare, "--output=/tmp/x", "/", CancellationToken.None));
        Assert.Contains("is not a branch, tag or commit name", e.Message);
        Assert.False(Directory.Exists(GitMirror.Root(_paths)));
    }
}
