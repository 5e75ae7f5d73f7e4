namespace Kiln.Baking.Tests;

/// <summary>The article's playbook tree as the repository keeps it (`examples/hoge_playbooks`, also the demo's), found from KILN_REPO_ROOT or by walking up to Kiln.slnx.</summary>
public static class Fixtures
{
    public static string Root { get; } = Find();

    public static string HogePlaybooks => Path.Combine(Root, "hoge_playbooks");

    /// <summary>A private copy of the article's playbook tree (tests never write into the repository's copy).</summary>
    public static string CopyHogePlaybooks()
    {
        var target = Path.Combine(Path.GetTempPath(), "kiln-bake-tests", Guid.NewGuid().ToString("N")[..8]);
        CopyDirectory(HogePlaybooks, target);
        return target;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private static string Find()
    {
        var root = Environment.GetEnvironmentVariable("KILN_REPO_ROOT");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) dir = dir.Parent;
            root = dir?.FullName ?? throw new InvalidOperationException("Kiln.slnx not found above the test assembly; set KILN_REPO_ROOT");
        }
        return Path.GetFullPath(Path.Combine(root, "examples"));
    }
}
