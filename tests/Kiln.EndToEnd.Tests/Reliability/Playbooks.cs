namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>Playbook trees for the tests: a tiny one written on the spot (one task, a second of Ansible: the fault,
/// kill and concurrency tests bake many times), and a copy of the article's tree (examples/hoge_playbooks, with its vault).</summary>
public static class Playbooks
{
    /// <summary>KILN_REPO_ROOT, else the first folder above the test assembly that holds Kiln.slnx.</summary>
    public static string RepoRoot()
    {
        if (Environment.GetEnvironmentVariable("KILN_REPO_ROOT") is { Length: > 0 } root) return root;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) return dir.FullName;
        throw new InvalidOperationException("no Kiln.slnx above the test assembly; set KILN_REPO_ROOT");
    }

    public static string Fixture => Path.GetFullPath(Path.Combine(RepoRoot(), "examples", "hoge_playbooks"));

    /// <summary>`playbooks/dev.yml` with one file-writing task tagged dev-api (the article's `--tags {env}-{category}`).
    /// <paramref name="firstTask"/> is put before it (YAML of one task, indented by 4).</summary>
    public static string Tiny(string? firstTask = null)
    {
        var dir = Temporary("kiln-rel-tiny-");
        Directory.CreateDirectory(Path.Combine(dir, "playbooks"));
        File.WriteAllText(Path.Combine(dir, "playbooks", "dev.yml"), $"""
            - hosts: all
              gather_facts: false
              tasks:
            {firstTask ?? ""}
                - name: mark the image
                  copy: {"{"}dest: /tmp/kiln-tiny, content: "tiny\n"{"}"}
                  tags: [dev-api]
            """);
        return dir;
    }

    public static string CopyFixture()
    {
        var target = Temporary("kiln-rel-hoge-");
        foreach (var file in Directory.EnumerateFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Made = [];
    private static int _homes;

    /// <summary>A reliability home begins: its tests may make trees.</summary>
    public static void Hold() => Interlocked.Increment(ref _homes);

    /// <summary>A reliability home ends. The trees go when no home is left: the three homes end at different times, and
    /// a tree may be in use by another home's test until then. (An exit handler would not do: the test host may be
    /// killed once the run is over.)</summary>
    public static void Release()
    {
        if (Interlocked.Decrement(ref _homes) == 0) DeleteMade();
    }

    private static string Temporary(string prefix)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Made.Add(dir);
        return dir;
    }

    private static void DeleteMade()
    {
        while (Made.TryTake(out var dir))
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { /* /tmp is cleaned anyway */ }
    }

    /// <summary>A family of its own per bake: image names carry the minute, so one family bakes at most once a minute.</summary>
    public static string NewAccount(string prefix = "r") => prefix + Guid.NewGuid().ToString("N")[..7];
}
