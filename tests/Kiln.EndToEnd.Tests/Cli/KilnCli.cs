namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>The built kiln binary run in one KILN_HOME (see <see cref="KilnProcess"/>).</summary>
public sealed class KilnCli(string home)
{
    public static string Binary => KilnProcess.Binary;

    public string Home { get; } = home;

    /// <summary>Variables every command of this CLI gets.</summary>
    private IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The same CLI with its bakes naming their images <paramref name="minutes"/> ahead of the clock
    /// (KILN_TEST_CLOCK_SHIFT): the next generation of a family without waiting for the minute to turn.</summary>
    public KilnCli MinutesAhead(int minutes) =>
        new(Home) { Environment = new Dictionary<string, string> { [Kiln.Baking.Testing.TestClock.Variable] = (minutes * 60).ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    public KilnProcess Start(IEnumerable<string> args, string? workingDirectory = null) =>
        KilnProcess.Start(Home, args, Environment, workingDirectory);

    public Task<KilnResult> RunAsync(params string[] args) => RunAsync(args, null, TimeSpan.FromSeconds(60));

    public Task<KilnResult> RunAsync(IEnumerable<string> args, string? workingDirectory, TimeSpan timeout) =>
        KilnProcess.RunAsync(Home, args, Environment, timeout, workingDirectory);
}
