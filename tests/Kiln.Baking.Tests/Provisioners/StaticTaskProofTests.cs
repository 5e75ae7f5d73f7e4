using System.Diagnostics;
using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>The YAML-only proof that a bake's tags select a task: every playbook it proves, the real
/// `ansible-playbook --list-tasks` lists a task of; where the listing finds none, it proves nothing; what it does not
/// follow (templates, includes, skip-tags, merge keys, roles it cannot place) it leaves to the listing.</summary>
public sealed class StaticTaskProofTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-proof-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Playbook text, the tag arguments, whether the proof holds, and what the listing finds (null: not
    /// asked, the proof declines to follow it).</summary>
    public static TheoryData<string, string, string[], bool, bool?> Cases => new()
    {
        { "a task's own tag", "- hosts: all\n  tasks:\n    - name: t\n      debug: {msg: x}\n      tags: [dev-api]\n", ["--tags", "dev-api"], true, true },
        { "a play's tag over its tasks", "- hosts: all\n  tags: dev-api, dev-admin\n  tasks:\n    - debug: {msg: x}\n", ["--tags", "dev-api"], true, true },
        { "one of several asked", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n      tags: [b]\n", ["--tags", "a,b"], true, true },
        { "a block's tag over its rescue", "- hosts: all\n  tasks:\n    - block:\n        - debug: {msg: x}\n      rescue:\n        - debug: {msg: y}\n      tags: [dev-api]\n", ["-t", "dev-api"], true, true },
        { "no --tags: an untagged task", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n", [], true, true },
        { "never, asked by another of its tags", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n      tags: [dev-api, never]\n", ["--tags", "dev-api"], true, true },
        { "a tag that is not there", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n      tags: [dev-api]\n", ["--tags", "dev-ap"], false, false },
        { "no --tags: only a never task", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n      tags: [never]\n", [], false, false },
        { "all: only a never task", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n      tags: [never]\n", ["--tags", "all"], false, false },
        { "no task at all", "- hosts: all\n  tasks: []\n", [], false, false },
        { "handlers are not tasks", "- hosts: all\n  tags: [dev-api]\n  handlers:\n    - name: h\n      debug: {msg: x}\n", ["--tags", "dev-api"], false, false },
        { "templated tags", "- hosts: all\n  vars: {t: dev-api}\n  tasks:\n    - debug: {msg: x}\n      tags: ['{{ t }}']\n", ["--tags", "dev-api"], false, null },
        { "an include", "- hosts: all\n  tags: [dev-api]\n  tasks:\n    - include_tasks: other.yml\n", ["--tags", "dev-api"], false, null },
        { "skip-tags", "- hosts: all\n  tasks:\n    - debug: {msg: x}\n      tags: [dev-api]\n", ["--tags", "dev-api", "--skip-tags", "dev-api"], false, false },
        { "a merge key", "- hosts: all\n  vars:\n    base: &base {tags: [never]}\n  tasks:\n    - <<: *base\n      debug: {msg: x}\n", [], false, false },
        { "a role of the playbook's roles/ with the role's tag", "- hosts: all\n  roles:\n    - {role: web, tags: [dev-api]}\n", ["--tags", "dev-api"], true, true },
        { "a role's task with its own tag", "- hosts: all\n  roles: [web]\n", ["--tags", "web-only"], true, true },
        { "a role of a collection", "- hosts: all\n  tags: [dev-api]\n  roles: [acme.tools.web]\n", ["--tags", "dev-api"], false, null },
        { "a play's collections may hold the role", "- hosts: all\n  collections: [acme.tools]\n  tags: [dev-api]\n  roles: [web]\n", ["--tags", "dev-api"], false, null },
        { "a role that is not there", "- hosts: all\n  tags: [dev-api]\n  roles: [missing]\n", ["--tags", "dev-api"], false, null },
        { "YAML that does not parse", "- hosts: all\n  tasks: [ {\n", ["--tags", "dev-api"], false, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_proof_holds_only_where_ansible_lists_a_task(string label, string playbook, string[] tags, bool proved, bool? listed)
    {
        var file = Write(playbook);

        Assert.True(proved == StaticTaskProof.SelectsATask(file, tags), label);
        if (listed is { } expected) Assert.True(expected == await ListsATaskAsync(file, tags), $"{label}: ansible-playbook --list-tasks disagrees");
    }

    [Fact]
    public async Task The_articles_tree_is_proved_for_its_categories_and_not_for_a_typo()
    {
        var tree = Fixtures.CopyHogePlaybooks();
        try
        {
            var playbook = Path.Combine(tree, "playbooks", "dev.yml");
            string[] Args(string tags) => ["--tags", tags, "--vault-password-file", Path.Combine(tree, "vault.txt")];

            Assert.True(StaticTaskProof.SelectsATask(playbook, Args("dev-api")));
            Assert.True(StaticTaskProof.SelectsATask(playbook, Args("dev-admin")));
            Assert.False(StaticTaskProof.SelectsATask(playbook, Args("dev-ap")));
            Assert.True(await ListsATaskAsync(playbook, Args("dev-api")));
            Assert.False(await ListsATaskAsync(playbook, Args("dev-ap")));
        }
        finally { Directory.Delete(tree, recursive: true); }
    }

    [Fact]
    public void A_relative_playbook_path_is_left_to_the_listing() =>
        Assert.False(StaticTaskProof.SelectsATask(Path.GetRelativePath(Directory.GetCurrentDirectory(),
            Write("- hosts: all\n  tasks:\n    - debug: {msg: x}\n")), []));

    private string Write(string playbook)
    {
        var dir = Path.Combine(_dir, Guid.NewGuid().ToString("N")[..8]);
        var tasks = Path.Combine(dir, "roles", "web", "tasks");
        Directory.CreateDirectory(tasks);
        File.WriteAllText(Path.Combine(tasks, "main.yml"), "- name: web task\n  debug: {msg: x}\n  tags: [web-only]\n");
        File.WriteAllText(Path.Combine(dir, "other.yml"), "- debug: {msg: x}\n");
        var file = Path.Combine(dir, "play.yml");
        File.WriteAllText(file, playbook);
        return file;
    }

    /// <summary>The authority: ansible-playbook --list-tasks, no host contacted.</summary>
    private static async Task<bool> ListsATaskAsync(string playbook, string[] args)
    {
        var start = new ProcessStartInfo("ansible-playbook") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-i", "localhost,", playbook, .. args, "--list-tasks"]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ansible-playbook --list-tasks failed: {await errors}");
        return TaskListing.CountTasks((await output).Split('\n')) > 0;
    }
}
