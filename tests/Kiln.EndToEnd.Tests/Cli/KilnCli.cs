using System.Globalization;

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
    public KilnCli MinutesAhead(int minutes) => SecondsAhead(minutes * 60);

    /// <summary>The same CLI with its bakes naming their images in the minute <paramref name="imageName"/> carries
    /// (`…-YYYYMMDD-HHMM`, its half-minute mark, however far the clock has moved on): that name is taken.</summary>
    public KilnCli InMinuteOf(string imageName)
    {
        var minute = DateTimeOffset.ParseExact(imageName[^13..], "yyyyMMdd-HHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return SecondsAhead((int)(minute.AddSeconds(30) - DateTimeOffset.UtcNow).TotalSeconds);
    }

    private KilnCli SecondsAhead(int seconds) =>
        new(Home) { Environment = new Dictionary<string, string> { [Kiln.Baking.Testing.TestClock.Variable] = seconds.ToString(CultureInfo.InvariantCulture) } };

    public KilnProcess Start(IEnumerable<string> args, string? workingDirectory = null) =>
        KilnProcess.Start(Home, args, Environment, workingDirectory);

    public Task<KilnResult> RunAsync(params string[] args) => RunAsync(args, null, TimeSpan.FromSeconds(60));

    public Task<KilnResult> RunAsync(IEnumerable<string> args, string? workingDirectory, TimeSpan timeout) =>
        KilnProcess.RunAsync(Home, args, Environment, timeout, workingDirectory);
}
