namespace Kiln.Server.Tests.Support;

/// <summary>The article's playbook tree (`examples/hoge_playbooks` in the repository), copied before anything writes to it.</summary>
public static class Fixtures
{
    public static string HogePlaybooksCopy(string kilnYml)
    {
        var source = Path.GetFullPath(Path.Combine(ServeProcess.RepoRoot(), "examples", "hoge_playbooks"));
        var target = Directory.CreateTempSubdirectory("kiln-server-pb-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        File.WriteAllText(Path.Combine(target, "kiln.yml"), kilnYml);
        return target;
    }
}
