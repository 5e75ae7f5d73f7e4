using System.Collections.Concurrent;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Server.Tests.Support;

/// <summary>Stands in for the history's SQLite store until that branch is part of this one; same contract, kept in
/// memory. (Replace with RunStoreFactory.Open once merged.)</summary>
public sealed class InMemoryRunStore : IRunStore, IFamilyLock
{
    private sealed class Run
    {
        public required RunSummary Summary;
        public readonly List<StepRecord> Steps = [];
        public readonly List<RunResource> Resources = [];
        public readonly List<LogLine> Log = [];
        public string? Result;
    }

    private readonly ConcurrentDictionary<RunId, Run> _runs = new();
    private readonly ConcurrentDictionary<string, RunId> _locks = new();
    private long _seq;

    public Task CreateRunAsync(RunStart s, CancellationToken ct)
    {
        if (!_runs.TryAdd(s.Id, new Run { Summary = new RunSummary(s.Id, s.Kind, s.Family, RunOutcome.Running, s.Started, null, null, null, s.Cloud, s.User, s.Host, s.Pid, s.Job, s.Arguments) }))
            throw new InvalidOperationException($"run {s.Id} exists");
        return Task.CompletedTask;
    }

    public Task RecordStepAsync(RunId run, StepRecord step, CancellationToken ct) { lock (_runs[run]) { _runs[run].Steps.RemoveAll(x => x.Name == step.Name); _runs[run].Steps.Add(step); } return Task.CompletedTask; }
    public Task RecordResourceAsync(RunId run, ResourceKind kind, string id, CancellationToken ct) { lock (_runs[run]) _runs[run].Resources.Add(new RunResource(kind, id, CleanupState.Live, DateTimeOffset.UtcNow)); return Task.CompletedTask; }

    public Task SetResourceStateAsync(RunId run, ResourceKind kind, string id, CleanupState state, CancellationToken ct)
    {
        var r = _runs[run];
        lock (r) { var i = r.Resources.FindIndex(x => x.Kind == kind && x.Id == id); r.Resources[i] = r.Resources[i] with { State = state }; }
        return Task.CompletedTask;
    }

    public Task AppendLogAsync(RunId run, IReadOnlyList<(DateTimeOffset Time, string Stream, string Text)> lines, CancellationToken ct)
    {
        var r = _runs[run];
        lock (r) foreach (var l in lines) r.Log.Add(new LogLine(Interlocked.Increment(ref _seq), l.Time, l.Stream, l.Text));
        return Task.CompletedTask;
    }

    public Task FinishRunAsync(RunId run, RunOutcome outcome, string? error, string? image, string? resultJson, CancellationToken ct)
    {
        var r = _runs[run];
        lock (r) { r.Summary = r.Summary with { Outcome = outcome, Error = error, Image = image, Finished = DateTimeOffset.UtcNow }; r.Result = resultJson; }
        return Task.CompletedTask;
    }

    public Task<RunDetails?> GetRunAsync(RunId run, CancellationToken ct) =>
        Task.FromResult(_runs.TryGetValue(run, out var r) ? Snapshot(r) : null);

    private static RunDetails Snapshot(Run r) { lock (r) return new RunDetails(r.Summary, [.. r.Steps], [.. r.Resources], r.Result); }

    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery q, CancellationToken ct) => Task.FromResult<IReadOnlyList<RunSummary>>(
        _runs.Values.Select(r => r.Summary)
            .Where(s => (q.Family is null || s.Family == q.Family) && (q.Outcome is null || s.Outcome == q.Outcome) && (q.Kind is null || s.Kind == q.Kind)
                && (q.Job is null || s.Job == q.Job) && (q.Since is null || s.Started >= q.Since) && (q.Until is null || s.Started < q.Until))
            .OrderByDescending(s => s.Started).Take(q.Limit).ToList());

    public Task<IReadOnlyList<LogLine>> GetLogAsync(RunId run, long afterSeq, int limit, CancellationToken ct)
    {
        if (!_runs.TryGetValue(run, out var r)) return Task.FromResult<IReadOnlyList<LogLine>>([]);
        lock (r) return Task.FromResult<IReadOnlyList<LogLine>>(r.Log.Where(l => l.Seq > afterSeq).Take(limit).ToList());
    }

    public Task<IReadOnlyList<RunSummary>> ListUnfinishedRunsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RunSummary>>(_runs.Values.Select(r => r.Summary).Where(s => s.Outcome == RunOutcome.Running).ToList());

    public Task<int> DeleteRunsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var old = _runs.Values.Where(r => r.Summary.Outcome != RunOutcome.Running && r.Summary.Started < cutoff).Select(r => r.Summary.Id).ToList();
        foreach (var id in old) _runs.TryRemove(id, out _);
        return Task.FromResult(old.Count);
    }

    public Task<bool> DeleteRunAsync(RunId run, CancellationToken ct) => Task.FromResult(_runs.TryRemove(run, out _));

    public async Task<IAsyncDisposable?> TryAcquireFamilyAsync(string family, RunId run, TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            if (_locks.TryAdd(family, run)) return new Held(() => _locks.TryRemove(new KeyValuePair<string, RunId>(family, run)));
            if (DateTimeOffset.UtcNow >= deadline) return null;
            await Task.Delay(50, ct);
        }
    }

    private sealed class Held(Func<bool> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() { release(); return ValueTask.CompletedTask; }
    }
}
