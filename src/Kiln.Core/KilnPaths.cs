namespace Kiln.Core;

/// <summary>Kiln's data directory: `KILN_HOME`, default `~/.local/share/kiln`.</summary>
public sealed record KilnPaths(string Home)
{
    public static KilnPaths FromEnvironment()
    {
        var home = Environment.GetEnvironmentVariable("KILN_HOME");
        if (string.IsNullOrWhiteSpace(home))
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "kiln");
        return new KilnPaths(Path.GetFullPath(home));
    }

    public string HistoryDatabase => Path.Combine(Home, "history.db");
    public string LocalCloud => Path.Combine(Home, "local-cloud");
    public string Runs => Path.Combine(Home, "runs");
    public string RunDirectory(RunId run) => Path.Combine(Runs, run.Value);

    /// <summary>Creates a directory only the owner can read (it may hold private keys).</summary>
    public static string EnsurePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Writes a file with mode 0600 from its first byte: keys never exist world-readable, even briefly.</summary>
    public static void WritePrivateFile(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }
}
