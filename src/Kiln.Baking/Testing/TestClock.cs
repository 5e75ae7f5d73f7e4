namespace Kiln.Baking.Testing;

/// <summary>
/// KILN_TEST_CLOCK_SHIFT (seconds): how far ahead of the machine's clock a bake names its image. Image names carry
/// the minute (the article's YYYYMMDD-HHMM), so a family bakes at most once a minute; the tests of generations bake
/// the next one "a minute later" with a shift instead of waiting for the minute to turn. Unset, it is the clock.
/// </summary>
public static class TestClock
{
    public const string Variable = "KILN_TEST_CLOCK_SHIFT";
    private static readonly TimeSpan Shift = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The time a bake names its image by.</summary>
    public static DateTimeOffset NameTime(TimeProvider clock) => clock.GetUtcNow() + Shift;

    private static TimeSpan Parse(string? seconds) =>
        string.IsNullOrWhiteSpace(seconds) ? TimeSpan.Zero
        : int.TryParse(seconds, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? TimeSpan.FromSeconds(s)
            : throw new InvalidOperationException($"{Variable} must be a whole number of seconds, got '{seconds}'");
}
