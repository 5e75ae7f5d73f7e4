using Kiln.Baking.Provisioners;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>The tags of a bake must select a task of its playbook: asked of the real ansible-playbook (--list-tasks,
/// no host), on the article's tree.</summary>
public sealed class PlaybookTaskCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.CopyHogePlaybooks();
    private readonly KilnPaths _paths = new(Directory.CreateTempSubdirectory("kiln-check-home-").FullName);

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_paths.Home, recursive: true);
    }

    private AnsibleProvisionerSpec Spec(string category, params string[] tags) => new()
    {
        PlaybookFile = Path.Combine(_dir, "playbooks", "dev.yml"),
        Groups = [$"dev-{category}"],
        ExtraArguments = [.. tags.Length == 0 ? [] : new[] { "--tags", string.Join(',', tags) },
            "--extra-vars", $"group=dev-{category}", "--vault-password-file", Path.Combine(_dir, "vault.txt")],
        WorkingDirectory = _dir,
    };

    private string[] Cached => Directory.Exists(Path.Combine(_paths.Home, "cache", "playbook-tasks"))
        ? Directory.GetFiles(Path.Combine(_paths.Home, "cache", "playbook-tasks")) : [];

    [Fact]
    public async Task A_typo_in_the_category_is_refused_naming_the_tags_and_the_one_meant()
    {
        var problem = await PlaybookTaskCheck.CheckAsync(Spec("ap", "dev-ap"), _paths, CancellationToken.None);

        Assert.Equal($"--tags dev-ap selects no task of playbook {_dir}/playbooks/dev.yml, so the image would carry nothing of it. " +
            "Its tags: dev-admin, dev-api; did you mean dev-api?", problem);
        Assert.Empty(Cached); // only a verdict that found tasks is kept
    }

    [Theory]
    [InlineData("api", new[] { "dev-api" })]
    [InlineData("api", new[] { "dev-admin" })]        // kiln.yml's own tags
    [InlineData("api", new[] { "nope", "dev-api" })] // one of several selects
    [InlineData("api", new string[0])]                // kiln.yml's `tags: []`: every task
    public async Task Tags_that_select_a_task_pass(string category, string[] tags) =>
        Assert.Null(await PlaybookTaskCheck.CheckAsync(Spec(category, tags), _paths, CancellationToken.None));

    [Fact]
    public async Task A_playbook_without_a_task_is_refused_also_without_tags()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "playbooks", "dev.yml"), "- hosts: all\n  gather_facts: false\n  tasks: []\n");

        var problem = await PlaybookTaskCheck.CheckAsync(Spec("api"), _paths, CancellationToken.None);

        Assert.StartsWith($"playbook {_dir}/playbooks/dev.yml has no task to run", problem);
    }

    [Fact]
    public async Task A_passing_verdict_is_kept_for_the_same_tree_and_tags_and_not_for_a_changed_one()
    {
        Assert.Null(await PlaybookTaskCheck.CheckAsync(Spec("api", "dev-api"), _paths, CancellationToken.None));
        var first = Assert.Single(Cached);
        var cache = new PlaybookCheckCache(_paths);
        var spec = Spec("api", "dev-api");
        string Key() => cache.Key(spec, ["--tags", "dev-api"], new Dictionary<string, string>(), "inventory")!;

        var before = Key();
        Assert.Equal(before, Key());
        // Any file of the tree: a role's task list edited (its time moves) gives another key.
        var role = Path.Combine(_dir, "playbooks", "roles", "nginx", "tasks", "main.yml");
        File.SetLastWriteTimeUtc(role, File.GetLastWriteTimeUtc(role).AddSeconds(5));
        Assert.NotEqual(before, Key());
        Assert.NotEqual(before, cache.Key(spec, ["--tags", "dev-apx"], new Dictionary<string, string>(), "inventory"));

        // A kept verdict is used: the same check with the play's tag renamed in place (same size, same time, so the
        // same key; a listing would now find nothing) passes without asking ansible.
        File.SetLastWriteTimeUtc(role, File.GetLastWriteTimeUtc(role).AddSeconds(-5));
        var playbook = Path.Combine(_dir, "playbooks", "dev.yml");
        var time = File.GetLastWriteTimeUtc(playbook);
        await File.WriteAllTextAsync(playbook, (await File.ReadAllTextAsync(playbook)).Replace("- dev-api", "- dev-apx"));
        File.SetLastWriteTimeUtc(playbook, time);
        Assert.Null(await PlaybookTaskCheck.CheckAsync(Spec("api", "dev-api"), _paths, CancellationToken.None));
        Assert.Equal(first, Assert.Single(Cached));
        // …and a listing proves the tag no longer selects anything once the tree's time moves.
        File.SetLastWriteTimeUtc(playbook, time.AddSeconds(5));
        Assert.Contains("--tags dev-api selects no task", await PlaybookTaskCheck.CheckAsync(Spec("api", "dev-api"), _paths, CancellationToken.None));
    }

    [Fact]
    public void A_repository_checkout_is_keyed_by_its_commit_not_by_its_run_s_path()
    {
        // Two runs check the same commit out into their own directories (new paths, new file times).
        var other = Fixtures.CopyHogePlaybooks();
        try
        {
            File.SetLastWriteTimeUtc(Path.Combine(other, "playbooks", "dev.yml"), DateTime.UtcNow.AddHours(1));
            var cache = new PlaybookCheckCache(_paths);
            string Key(string root, string commit)
            {
                var spec = Spec("api", "dev-api") with { PlaybookFile = Path.Combine(root, "playbooks", "dev.yml"), WorkingDirectory = root };
                var origin = new PlaybookOrigin(root, new PlaybookCommit("https://git.example/p.git", "main", commit, "/mirror"));
                return cache.Key(spec, ["--tags", "dev-api", "--vault-password-file", Path.Combine(root, "vault.txt")],
                    new Dictionary<string, string>(), "inventory", origin)!;
            }
            var commitA = new string('a', 40);

            Assert.Equal(Key(_dir, commitA), Key(other, commitA));
            Assert.NotEqual(Key(_dir, commitA), Key(_dir, new string('b', 40)));
            // Without a commit the same two trees differ: their paths and times are what the key knows of them.
            var plain = Spec("api", "dev-api");
            Assert.NotEqual(cache.Key(plain, ["--tags", "dev-api"], new Dictionary<string, string>(), "inventory"),
                cache.Key(plain with { PlaybookFile = Path.Combine(other, "playbooks", "dev.yml"), WorkingDirectory = other },
                    ["--tags", "dev-api"], new Dictionary<string, string>(), "inventory"));
        }
        finally { Directory.Delete(other, recursive: true); }
    }

    [Fact]
    public async Task A_playbook_that_does_not_parse_is_left_to_the_play_to_report()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "playbooks", "dev.yml"), "- hosts: all\n  tasks: [ {\n");

        Assert.Null(await PlaybookTaskCheck.CheckAsync(Spec("api", "dev-api"), _paths, CancellationToken.None));
        Assert.Empty(Cached);
    }
}
