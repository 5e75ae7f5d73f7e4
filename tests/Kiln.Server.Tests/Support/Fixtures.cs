namespace Kiln.Server.Tests.Support;

/// <summary>The article's playbook tree (`examples/hoge_playbooks` in the repository), copied before anything writes to it.</summary>
public static class Fixtures
{
    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Made = [];

    public static string HogePlaybooksCopy(string kilnYml)
    {
        var source = Path.GetFullPath(Path.Combine(ServeProcess.RepoRoot(), "examples", "hoge_playbooks"));
        var target = Directory.CreateTempSubdirectory("kiln-server-pb-").FullName;
        Made.Add(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        File.WriteAllText(Path.Combine(target, "kiln.yml"), kilnYml);
        return target;
    }

    /// <summary>Deletes every copy made, once the collection that uses them is done (the test host may be killed
    /// after the run, before any exit handler would run).</summary>
    public sealed class Copies : IDisposable
    {
        public void Dispose()
        {
            while (Made.TryTake(out var dir))
                try { Directory.Delete(dir, recursive: true); }
                catch (IOException) { /* a file still held: /tmp is cleaned anyway */ }
        }
    }
}
