using System.Diagnostics;

namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>The built kiln binary (copied beside the test assembly), run as a user runs it: its own KILN_HOME,
/// none of the caller's cloud or database settings.</summary>
public sealed class KilnCli(string home)
{
    public static string Binary => Path.Combine(AppContext.BaseDirectory, "kiln");

    public string Home { get; } = home;

    /// <summary>Variables of the test runner's environment that would point kiln elsewhere.</summary>
    private static readonly string[] Cleared =
        ["KILN_DB", "KILN_CLOUD", "KILN_FAMILY_WAIT_SECONDS", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
         "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "ANSIBLE_CONFIG"];

    public KilnProcess Start(IEnumerable<string> args, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Home,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in Cleared) start.Environment.Remove(name);
        start.Environment["KILN_HOME"] = Home;
        return new KilnProcess(start);
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null, TimeSpan.FromSeconds(60));

    public async Task<CliResult> RunAsync(IEnumerable<string> args, string? workingDirectory, TimeSpan timeout)
    {
        using var process = Start(args, workingDirectory);
        return await process.WaitForExitAsync(timeout);
    }
}
