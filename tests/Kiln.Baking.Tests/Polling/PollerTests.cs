using Kiln.Baking.Polling;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Baking.Tests.Polling;

/// <summary>Waits run on the injected clock: these tests advance a fake one instead of sleeping.</summary>
public class PollerTests
{
    private static readonly PollPolicy Policy = new("image-available", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));

    private static async Task<T> Drive<T>(FakeTimeProvider clock, Task<T> task)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }
        return await task;
    }

    [Fact]
    public async Task Polls_until_done_backing_off_to_the_maximum_interval()
    {
        var clock = new FakeTimeProvider();
        var calls = new List<DateTimeOffset>();
        var poller = new Poller(clock);
        var result = await Drive(clock, poller.UntilAsync(Policy, _ => { calls.Add(clock.GetUtcNow()); return ValueTask.FromResult(calls.Count); },
            n => n == 6, CancellationToken.None));
        Assert.Equal(6, result);
        var gaps = calls.Zip(calls.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.Equal([1, 2, 4, 4, 4], gaps.Select(g => Math.Round(g)));
    }

    [Fact]
    public async Task Not_yet_exceptions_are_retried()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        var value = await Drive(clock, new Poller(clock).UntilAsync(Policy,
            _ => ++calls < 3 ? throw new NotYetException("unknown id") : ValueTask.FromResult("ready"), _ => true, CancellationToken.None));
        Assert.Equal("ready", value);
    }

    [Fact]
    public async Task A_wait_that_never_ends_times_out_naming_the_wait()
    {
        var clock = new FakeTimeProvider();
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Drive(clock, new Poller(clock).UntilAsync(Policy, _ => ValueTask.FromResult(false), done => done, CancellationToken.None)));
        Assert.Contains("image-available", error.Message);
        Assert.Contains("30 s", error.Message);
    }

    [Fact]
    public async Task A_timeout_names_the_last_reason_it_was_not_ready()
    {
        var clock = new FakeTimeProvider();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Drive(clock, new Poller(clock).UntilAsync<bool>(Policy,
            _ => throw new NotYetException("Permission denied (publickey)"), _ => true, CancellationToken.None)));
        Assert.Contains("last: Permission denied (publickey)", error.Message);
    }

    [Fact]
    public async Task Cancellation_is_not_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        var clock = new FakeTimeProvider();
        var wait = new Poller(clock).UntilAsync(Policy, _ => ValueTask.FromResult(false), done => done, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Drive(clock, wait));
    }

    [Fact]
    public async Task Other_errors_are_not_swallowed() =>
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await new Poller(TimeProvider.System).UntilAsync<int>(Policy, _ => throw new InvalidOperationException("AuthFailure"), _ => true, CancellationToken.None));
}
