using System.Text.Json;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>Reading runs back through the CLI (`kiln runs … --json`), as an operator would.</summary>
public static class Runs
{
    public static async Task<string> NewestRunOfAsync(ReliabilityCloud cloud, string family)
    {
        var list = await cloud.KilnAsync("runs", "--json", "--family", family);
        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Stdout);
        return json.RootElement.EnumerateArray().First().GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ShowAsync(ReliabilityCloud cloud, string run)
    {
        var show = await cloud.KilnAsync("runs", "show", run, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        using var json = JsonDocument.Parse(show.Stdout);
        return json.RootElement.Clone();
    }

    public static string Outcome(JsonElement details) => details.GetProperty("run").GetProperty("outcome").GetString()!;
    public static string? Error(JsonElement details) => details.GetProperty("run").GetProperty("error").GetString();

    /// <summary>Processes on this machine whose command line names the run (ansible-playbook, ssh masters).</summary>
    public static IReadOnlyList<string> ProcessesOf(string run) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit))
            .Select(n => (Pid: n!, Cmd: CommandLine(n!)))
            .Where(p => p.Cmd.Contains(run, StringComparison.Ordinal) && !p.Cmd.Contains("kiln runs", StringComparison.Ordinal))
            .Select(p => $"{p.Pid}: {p.Cmd}").ToList();

    private static string CommandLine(string pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
