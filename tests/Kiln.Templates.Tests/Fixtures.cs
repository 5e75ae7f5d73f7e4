namespace Kiln.Templates.Tests;

/// <summary>The article's playbook tree (`examples/hoge_playbooks` in the repository) and scratch directories for tests.</summary>
public static class Fixtures
{
    public static string Root { get; } = Find();

    public static string Hoge => Path.Combine(Root, "hoge_playbooks");

    private static string Find()
    {
        var repo = Environment.GetEnvironmentVariable("KILN_REPO_ROOT");
        if (string.IsNullOrEmpty(repo))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) dir = dir.Parent;
            repo = dir?.FullName ?? throw new InvalidOperationException("Kiln.slnx not found above the test assembly; set KILN_REPO_ROOT");
        }
        return Path.GetFullPath(Path.Combine(repo, "examples"));
    }

    /// <summary>A writable copy of the article's playbook directory (tests write parameter.json into it).</summary>
    public static TempDir CopyHoge()
    {
        var temp = new TempDir();
        Copy(Hoge, temp.Path);
        return temp;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetFileName(file));
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        foreach (var dir in Directory.GetDirectories(from)) Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kiln-templates-test-").FullName;

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
