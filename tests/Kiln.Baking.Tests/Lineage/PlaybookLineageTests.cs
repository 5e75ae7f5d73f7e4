using System.Diagnostics;
using Kiln.Baking.Lineage;

namespace Kiln.Baking.Tests.Lineage;

/// <summary>The lineage of a playbook directory, read from a real git work tree.</summary>
public sealed class PlaybookLineageTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("kiln-lineage-");
    private string Playbooks => Path.Combine(_root.FullName, "playbooks");

    public PlaybookLineageTests() => Directory.CreateDirectory(Playbooks);

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Outside_a_work_tree_and_before_the_first_commit_there_is_no_lineage()
    {
        Assert.Equal(PlaybookLineage.None, await PlaybookLineage.ReadAsync(Playbooks, CancellationToken.None));
        Git("init", "-q", ".");
        File.WriteAllText(Path.Combine(Playbooks, "site.yml"), "- hosts: all\n");
        Assert.Equal(PlaybookLineage.None, await PlaybookLineage.ReadAsync(Playbooks, CancellationToken.None));
    }

    [Fact]
    public async Task The_commit_is_HEAD_and_only_changes_under_the_directory_make_it_dirty()
    {
        Git("init", "-q", ".");
        File.WriteAllText(Path.Combine(Playbooks, "site.yml"), "- hosts: all\n");
        File.WriteAllText(Path.Combine(_root.FullName, "README"), "x\n");
        Git("add", ".");
        Git("-c", "user.email=k@example.com", "-c", "user.name=k", "commit", "-qm", "first");
        var head = Git("rev-parse", "HEAD").Trim();
        Assert.Equal(new PlaybookLineage(head, false), await PlaybookLineage.ReadAsync(Playbooks, CancellationToken.None));

        File.WriteAllText(Path.Combine(_root.FullName, "README"), "changed beside the playbooks\n");
        Assert.Equal(new PlaybookLineage(head, false), await PlaybookLineage.ReadAsync(Playbooks, CancellationToken.None));

        File.WriteAllText(Path.Combine(Playbooks, "new.yml"), "- hosts: all\n");  // untracked counts
        Assert.Equal(new PlaybookLineage(head, true), await PlaybookLineage.ReadAsync(Playbooks, CancellationToken.None));
        File.Delete(Path.Combine(Playbooks, "new.yml"));
        File.WriteAllText(Path.Combine(Playbooks, "site.yml"), "- hosts: web\n");
        Assert.Equal(new PlaybookLineage(head, true), await PlaybookLineage.ReadAsync(Playbooks, CancellationToken.None));
    }

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git", ["-C", _root.FullName, .. args]) { RedirectStandardOutput = true };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return output;
    }
}
