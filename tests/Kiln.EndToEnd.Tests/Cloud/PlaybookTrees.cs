using System.Diagnostics;

namespace Kiln.EndToEnd.Tests.Cloud;

/// <summary>Playbook directories in the article's layout (playbooks/{env}.yml), written into a temporary directory
/// of the collection's home: the fixture's copy where its content is the point, a one-task tree where it is not
/// (the fixture playbook costs about 30 s a bake here, a one-task tree about 3 s).</summary>
public static class PlaybookTrees
{
    /// <summary>A copy of examples/hoge_playbooks (tests never write into the repository's copy).</summary>
    public static string HogeCopy(string home)
    {
        var target = NewDirectory(home, "hoge");
        Copy(Path.Combine(FixturesDirectory(), "hoge_playbooks"), target);
        return target;
    }

    /// <summary>playbooks/dev.yml with one play on <paramref name="hosts"/> running <paramref name="task"/>
    /// (YAML of one task, indented by the caller as a list item) under the tag dev-api.</summary>
    public static string Tiny(string home, string task = MarkerTask, string hosts = "all")
    {
        var dir = NewDirectory(home, "tiny");
        Directory.CreateDirectory(Path.Combine(dir, "playbooks"));
        File.WriteAllText(Path.Combine(dir, "playbooks", "dev.yml"),
            $"- hosts: {hosts}\n  gather_facts: false\n  become: true\n  tags: [dev-api]\n  tasks:\n{task}");
        return dir;
    }

    public const string MarkerTask =
        "    - name: marker\n      copy: {dest: /etc/kiln-e2e-marker, content: \"group={{ group }} category={{ category }}\\n\"}\n";

    public const string FailingTask =
        "    - name: this task fails\n      command: /bin/false\n";

    public const string LongTask =
        "    - name: long task\n      command: sleep 60\n";

    /// <summary>`git init` (once, on branch main) + commit of everything; returns HEAD.</summary>
    public static async Task<string> GitCommitAsync(string dir)
    {
        if (!Directory.Exists(Path.Combine(dir, ".git"))) await GitAsync(dir, "init", "-q", "-b", "main");
        await GitAsync(dir, "add", "-A");
        await GitAsync(dir, "-c", "user.name=Kiln Tests", "-c", "user.email=tests@kiln.invalid", "commit", "-q", "-m", "playbooks");
        return (await GitAsync(dir, "rev-parse", "HEAD")).Trim();
    }

    public static async Task<string> GitAsync(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }

    /// <summary>KILN_REPO_ROOT/examples, or found by walking up from the test assembly to Kiln.slnx.</summary>
    public static string FixturesDirectory()
    {
        var root = Environment.GetEnvironmentVariable("KILN_REPO_ROOT");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) dir = dir.Parent;
            root = dir?.FullName ?? throw new InvalidOperationException("Kiln.slnx not found above the test assembly: set KILN_REPO_ROOT");
        }
        return Path.GetFullPath(Path.Combine(root, "examples"));
    }

    private static string NewDirectory(string home, string prefix)
    {
        var dir = Path.Combine(home, "trees", $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void Copy(string from, string to)
    {
        foreach (var d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
