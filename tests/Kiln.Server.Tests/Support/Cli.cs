using System.Diagnostics;

namespace Kiln.Server.Tests.Support;

/// <summary>Runs the repository's ./kiln (it builds the CLI when needed) with extra environment, stdin closed.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IEnumerable<string> args, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(Path.Combine(ServeProcess.RepoRoot(), "kiln"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
