using System.Collections.Concurrent;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;

namespace Kiln.Server.Tests.Support;

/// <summary>Stands in for the bake engine at the executor seam: logs, records a step and a temporary resource
/// (cleaned on every exit, as the engine does), holds while its gate is closed, and yields an image id.
/// A job whose arguments say `fail: true` fails; `up_to_date: true` finds its inputs unchanged; `input_error: true`
/// fails as bad input; `say: TEXT` is logged.</summary>
public sealed class ScriptedExecutor(JobKind kind) : IJobExecutor
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    public ConcurrentQueue<JobRun> Runs { get; } = new();
    public ConcurrentDictionary<RunId, DateTimeOffset> Finished { get; } = new();
    public JobKind Kind => kind;

    /// <summary>Runs of this job wait until <see cref="Open"/>.</summary>
    public void Hold(string job) => _gates[job] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    public void Open(string job) { if (_gates.TryRemove(job, out var g)) g.TrySetResult(); }

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        Runs.Enqueue(run);
        var started = DateTimeOffset.UtcNow;
        run.Log.AddSecret("s3cr3t-vault-value");
        run.Log.Write("shell", $"{kind} {run.Job.Name} starting; vault says s3cr3t-vault-value");
        if (run.Job.Arguments?.GetValueOrDefault("say") is { } say) run.Log.Write("shell", say);
        if (run.Job.Arguments?.GetValueOrDefault("input_error") == "true") throw new KilnInputException(["the playbook named by the options does not exist"]);
        var key = $"key-{run.Id}";
        await run.Store.RecordResourceAsync(run.Id, ResourceKind.KeyPair, key, ct);
        try
        {
            for (var i = 1; _gates.TryGetValue(run.Job.Name, out var gate) && !gate.Task.IsCompleted; i++)
            {
                run.Log.Write("shell", $"working {i}");
                await Task.WhenAny(gate.Task, Task.Delay(100, ct));
                ct.ThrowIfCancellationRequested();
            }
            if (run.Job.Arguments?.GetValueOrDefault("fail") == "true") throw new InvalidOperationException("the playbook failed on task 3");
            await run.Store.RecordStepAsync(run.Id, new StepRecord("provision", started, DateTimeOffset.UtcNow - started, "Succeeded"), ct);
            var image = new ImageId($"ami-{run.Id.Value[^4..]}");
            run.Log.Write("shell", $"made {image}" + (run.InputImage is { } input ? $" from {input}" : ""));
            return new JobOutcome(image, """{"image":"x"}""", UpToDate: run.Job.Arguments?.GetValueOrDefault("up_to_date") == "true");
        }
        finally
        {
            await run.Store.SetResourceStateAsync(run.Id, ResourceKind.KeyPair, key, CleanupState.Cleaned, CancellationToken.None);
            Finished[run.Id] = DateTimeOffset.UtcNow;
        }
    }
}
