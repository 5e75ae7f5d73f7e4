using Kiln.Core.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Core.Tests.Steps;

public sealed class StepRunnerTests
{
    private sealed class Journal : IStepObserver
    {
        public List<string> Events { get; } = [];
        public Task StepStartedAsync(string step, DateTimeOffset at, CancellationToken ct) { Events.Add($"start {step}"); return Task.CompletedTask; }
        public Task StepFinishedAsync(StepResult result, CancellationToken ct) { Events.Add($"{result.Outcome} {result.Name}"); return Task.CompletedTask; }
        public void CleanupFailed(string step, Exception error) => Events.Add($"cleanup failed {step}: {error.Message}");
    }

    private sealed class Step(string name, Journal journal, Func<CancellationToken, Task>? run = null, bool cleanupThrows = false) : IStep<object>
    {
        public string Name => name;
        public CancellationToken CleanupToken { get; private set; }
        public async Task RunAsync(object state, CancellationToken ct) { if (run is not null) await run(ct); }
        public Task CleanupAsync(object state, CancellationToken ct)
        {
            CleanupToken = ct;
            journal.Events.Add($"cleanup {name}");
            return cleanupThrows ? throw new InvalidOperationException($"{name} cleanup broke") : Task.CompletedTask;
        }
    }

    private readonly Journal _journal = new();
    private StepRunner<object> Runner => new(_journal, new FakeTimeProvider());

    [Fact]
    public async Task A_step_with_nothing_left_to_do_ends_the_plan_as_a_success_and_the_cleanups_still_run()
    {
        var result = await Runner.RunAsync([new Step("a", _journal, _ => throw new PlanCompleteException("up to date")), new Step("b", _journal)],
            new object(), CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.Equal("up to date", result.CompletedEarly);
        Assert.Equal(["start a", "Succeeded a", "cleanup a"], _journal.Events);
    }

    [Fact]
    public async Task Every_step_runs_then_every_cleanup_in_reverse()
    {
        var result = await Runner.RunAsync([new Step("a", _journal), new Step("b", _journal)], new object(), CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.Equal(["start a", "Succeeded a", "start b", "Succeeded b", "cleanup b", "cleanup a"], _journal.Events);
    }

    [Fact]
    public async Task A_failure_stops_the_plan_and_cleans_up_what_started_including_the_failed_step()
    {
        var plan = new[] { new Step("a", _journal), new Step("b", _journal, _ => throw new InvalidOperationException("boom")), new Step("c", _journal) };
        var result = await Runner.RunAsync(plan, new object(), CancellationToken.None);
        Assert.Equal("boom", result.Failure?.Message);
        Assert.False(result.Cancelled);
        Assert.Equal(["start a", "Succeeded a", "start b", "Failed b", "cleanup b", "cleanup a"], _journal.Events);
        Assert.Equal("boom", result.Steps[^1].Error);
    }

    [Fact]
    public async Task A_cancelled_run_is_cancelled_not_failed_and_its_cleanups_get_a_live_token()
    {
        using var cts = new CancellationTokenSource();
        var first = new Step("a", _journal);
        var plan = new[] { first, new Step("b", _journal, async ct => { cts.Cancel(); await Task.Delay(Timeout.Infinite, ct); }) };
        var result = await Runner.RunAsync(plan, new object(), cts.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(StepOutcome.Cancelled, result.Steps[^1].Outcome);
        Assert.False(first.CleanupToken.IsCancellationRequested);
        Assert.Equal(["cleanup b", "cleanup a"], _journal.Events.Where(e => e.StartsWith("cleanup")));
    }

    [Fact]
    public async Task A_broken_cleanup_neither_hides_the_failure_nor_stops_the_other_cleanups()
    {
        var plan = new[] { new Step("a", _journal), new Step("b", _journal, _ => throw new InvalidOperationException("boom"), cleanupThrows: true) };
        var result = await Runner.RunAsync(plan, new object(), CancellationToken.None);
        Assert.Equal("boom", result.Failure?.Message);
        Assert.Equal("b cleanup broke", Assert.Single(result.CleanupErrors).Message);
        Assert.Equal(["cleanup b", "cleanup failed b: b cleanup broke", "cleanup a"], _journal.Events.Where(e => e.StartsWith("cleanup")));
    }
}
