using Kiln.Baking;
using Kiln.Baking.Inputs;
using Kiln.Baking.Provisioners;
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
        string arguments, string? db, TextWriter console, CancellationToken ct, RunId? runId = null)
    {
        var paths = KilnPaths.FromEnvironment();
        var clock = TimeProvider.System;
        var run = runId ?? RunId.New(clock);
        var retries = new RetryLog();
        // The cloud connects (an in-process local cloud starts: about half a second) while the history opens and the
        // family lock is taken. A refused lock or a broken history still ends the command before any cloud call.
        // The playbooks' task listing (ansible-playbook's start: ~0.7 s of CPU, unless a verdict is cached) runs
        // alongside both; the first step waits for it before anything is created.
        var playbookCheck = PlaybookTaskCheck.StartAll(spec, paths, ct);
        // The playbook tree is read once: for the up-to-date answer (before any endpoint starts) and the input check.
        var tree = PlaybookTree.ReadFor(spec, ct);
        var connecting = Task.Run(() => CloudConnector.ConnectForBakeAsync(spec, tree, paths, ct, onRetry: retries), CancellationToken.None);
        var (history, familyLock) = await OpenHistoryAsync(spec, run, db, paths, console, connecting, ct);
        await using var _ = history;
        await using var __ = familyLock;
        await using var cloud = await connecting;
        await using var log = new RunLogWriter(history, run, console, clock);
        retries.Attach(log);
        foreach (var secret in secrets) log.AddSecret(secret);
        if (spec.Cloud.SecretKey is { } key) log.AddSecret(key);
        var engine = new BakeEngine(cloud.Cloud, history, paths, clock);
        return await engine.RunAsync(new BakeRequest(run, spec, arguments, kind) { PlaybookCheck = playbookCheck, PlaybookTree = tree }, log, null, ct);
    }

    private static async Task<(IRunHistory, IAsyncDisposable?)> OpenHistoryAsync(BakeSpec spec, RunId run, string? db,
        KilnPaths paths, TextWriter console, Task<ConnectedCloud> connecting, CancellationToken ct)
    {
        IRunHistory? history = null;
        try
        {
            history = await RunStoreFactory.OpenAsync(db ?? Environment.GetEnvironmentVariable("KILN_DB"), paths, ct);
            var familyLock = spec.Family is null ? null : await AcquireFamilyAsync(history, spec.Family.Name, run, console, ct);
            return (history, familyLock);
        }
        catch
        {
            if (history is not null) await history.DisposeAsync();
            // The cloud this command started is stopped; its own failure, if any, is not the one to report.
            try { await (await connecting).DisposeAsync(); }
            catch (Exception e) when (e is not OutOfMemoryException) { }
            throw;
        }
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
