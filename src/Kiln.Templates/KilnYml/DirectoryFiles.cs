using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>Files named in kiln.yml, relative to the playbook directory. A relative path may not climb out of it
/// with `..` (a shared kiln.yml must not make Kiln read /etc/shadow as a "vault file"); an absolute path is
/// taken as the user's explicit choice (a vault password kept outside the repository).</summary>
internal static class DirectoryFiles
{
    public static string? Resolve(string directory, string path, ConfigNode? at, Problems problems, string what)
    {
        if (path.Length == 0 || path.Any(char.IsControl))
        {
            Report(at, problems, $"{what} must be a file path, got '{Kiln.Core.Naming.NameRules.Printable(path)}'");
            return null;
        }
        if (Path.IsPathRooted(path)) return Path.GetFullPath(path);
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(path, root);
        if (!full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            Report(at, problems, $"{what} '{path}' leaves the playbook directory {root}: keep it inside, or give an absolute path");
            return null;
        }
        return full;
    }

    private static void Report(ConfigNode? at, Problems problems, string message)
    {
        if (at is null) problems.Add(message); else problems.At(at, message);
    }
}
