namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>The built kiln binary run in one KILN_HOME (see <see cref="KilnProcess"/>).</summary>
public sealed class KilnCli(string home)
{
    public static string Binary => KilnProcess.Binary;

    public string Home { get; } = home;

    public KilnProcess Start(IEnumerable<string> args, string? workingDirectory = null) =>
        KilnProcess.Start(Home, args, null, workingDirectory);

    public Task<KilnResult> RunAsync(params string[] args) => RunAsync(args, null, TimeSpan.FromSeconds(60));

    public Task<KilnResult> RunAsync(IEnumerable<string> args, string? workingDirectory, TimeSpan timeout) =>
        KilnProcess.RunAsync(Home, args, null, timeout, workingDirectory);
}
