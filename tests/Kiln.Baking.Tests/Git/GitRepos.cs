using System.Diagnostics;

namespace Kiln.Baking.Tests.Git;

/// <summary>Real git repositories for the tests: a work tree with the article's layout, committed, and a bare clone
/// of it to fetch from (as a team's server holds it).</summary>
public sealed class GitRepos : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("kiln-git-test-").FullName;
    public string Work => Path.Combine(Root, "work");
    public string Bare => Path.Combine(Root, "playbooks.git");

    public GitRepos()
    {
        Directory.CreateDirectory(Path.Combine(Work, "playbooks"));
        Write("playbooks/dev.yml", "- hosts: all\n  tasks: []\n");
        Run(Work, "init", "-q", "-b", "main");
        Commit("first");
        Run(Root, "clone", "-q", "--bare", Work, Bare);
    }

    public void Write(string path, string text)
    {
        var full = Path.Combine(Work, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Commits everything in the work tree and pushes every branch and tag to the bare repository.</summary>
    public string Commit(string message)
    {
        Run(Work, "add", "-A");
        Run(Work, "-c", "user.name=Kiln Tests", "-c", "user.email=tests@kiln.invalid", "commit", "-q", "-m", message);
        if (Directory.Exists(Bare)) Run(Work, "push", "-q", "--all", Bare);
        return Run(Work, "rev-parse", "HEAD").Trim();
    }

    public static string Run(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        return stdout;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
