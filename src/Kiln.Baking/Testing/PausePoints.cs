using Kiln.Core;

namespace Kiln.Baking.Testing;

/// <summary>
/// Deterministic stops for the crash tests: with <c>KILN_TEST_PAUSE_AT=&lt;step&gt;:&lt;before|mid|after|cleanup&gt;</c>
/// (step as shown in the plan, spaces or dashes: `create-key-pair:mid`) the bake blocks at that point, prints
/// <c>kiln: test pause at …</c> on stderr and waits until the file it names is deleted (or the process is killed,
/// which is what the kill matrix does). `mid` is inside the step, right after its cloud call returned and before the
/// ledger heard of it: the window only the tag sweep of `kiln gc` can close. Unset (always, outside tests) it costs
/// one string comparison per step.
/// </summary>
public static class PausePoints
{
    public const string Variable = "KILN_TEST_PAUSE_AT";
    public const string Marker = "kiln: test pause at ";
    private static readonly string? Target = Normalize(Environment.GetEnvironmentVariable(Variable));
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static bool Enabled => Target is not null;

    public static async Task AtAsync(BakeState state, string step, string phase, CancellationToken ct)
    {
        if (Target is null || Target != Normalize($"{step}:{phase}")) return;
        KilnPaths.EnsurePrivateDirectory(state.RunDirectory);
        var file = Path.Combine(state.RunDirectory, "paused");
        await File.WriteAllTextAsync(file, $"{step}:{phase}\n", CancellationToken.None);
        await Console.Error.WriteLineAsync($"{Marker}{step}:{phase} (run {state.Run}); delete {file} to go on");
        await Console.Error.FlushAsync(CancellationToken.None);
        while (File.Exists(file)) await Task.Delay(Poll, ct);
    }

    private static string? Normalize(string? point) =>
        string.IsNullOrWhiteSpace(point) ? null : point.Trim().ToLowerInvariant().Replace('-', ' ');
}
