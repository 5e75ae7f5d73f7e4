using Kiln.Baking;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.History;

namespace Kiln.Cli.Infrastructure;

/// <summary>What `kiln bake`, `kiln build` and `kiln demo` share: history, the one-bake-per-family lock, the cloud,
/// the engine, the run's log on the console (stderr under --json or -machine-readable, so stdout stays parseable).</summary>
public static class BakeRunner
{
    /// <summary>How long a second bake of the same family waits for the first before it is refused.</summary>
    public static readonly TimeSpan FamilyWait = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("KILN_FAMILY_WAIT_SECONDS"), out var s) ? s : 0);

    public static async Task<BakeResult> RunAsync(BakeSpec spec, IReadOnlyList<string> secrets, string kind,
        string arguments, string? db, TextWriter console, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        var clock = TimeProvider.System;
        var run = RunId.New(clock);
        await using var history = await RunStoreFactory.OpenAsync(db ?? Environment.GetEnvironmentVariable("KILN_DB"), paths, ct);
        await using var familyLock = spec.Family is null ? null : await AcquireFamilyAsync(history, spec.Family.Name, run, console, ct);
        var retries = new RetryLog();
        await using var cloud = await CloudConnector.ConnectAsync(spec.Cloud, paths, ct, onRetry: retries.Notice);
        await using var log = new RunLogWriter(history, run, console, clock);
        retries.Attach(log);
        foreach (var secret in secrets) log.AddSecret(secret);
        if (spec.Cloud.SecretKey is { } key) log.AddSecret(key);
        var engine = new BakeEngine(cloud.Cloud, history, paths, clock);
        return await engine.RunAsync(new BakeRequest(run, spec, arguments, kind), log, null, ct);
    }

    /// <summary>One bake per family: a second one is refused at once, or (KILN_FAMILY_WAIT_SECONDS) says that it waits.</summary>
    private static async Task<IAsyncDisposable> AcquireFamilyAsync(IRunHistory history, string family, RunId run,
        TextWriter console, CancellationToken ct)
    {
        if (await history.TryAcquireFamilyAsync(family, run, TimeSpan.Zero, ct) is { } taken) return taken;
        if (FamilyWait > TimeSpan.Zero)
        {
            console.WriteLine($"Another run is baking family '{family}': waiting up to {FamilyWait.TotalSeconds:0} s for it (KILN_FAMILY_WAIT_SECONDS)");
            if (await history.TryAcquireFamilyAsync(family, run, FamilyWait, ct) is { } later) return later;
        }
        throw new KilnInputException(
            $"another run is baking family '{family}' now; wait for it (`kiln runs --family {family}`) or set KILN_FAMILY_WAIT_SECONDS to queue behind it");
    }
}
