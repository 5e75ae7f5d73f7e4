using Kiln.Baking.Processes;

namespace Kiln.Baking.Provisioners;

/// <summary>Where Debian's ansible-mitogen package put its strategy plugins (`dpkg -L ansible-mitogen`).</summary>
public static class MitogenLocator
{
    private static readonly Lazy<Task<string?>> Path = new(FindAsync);

    public static Task<string?> StrategyPluginsAsync() => Path.Value;

    private static async Task<string?> FindAsync()
    {
        var lines = new List<string>();
        try
        {
            var result = await ChildProcess.RunAsync(new ProcessSpec("dpkg", ["-L", "ansible-mitogen"]),
                (stream, line) => { if (stream == "stdout") lines.Add(line); }, CancellationToken.None);
            if (result.ExitCode != 0) return null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
        return lines.FirstOrDefault(l => l.EndsWith("/ansible_mitogen/plugins/strategy", StringComparison.Ordinal));
    }
}
