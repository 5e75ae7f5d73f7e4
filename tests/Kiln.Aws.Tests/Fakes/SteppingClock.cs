using Microsoft.Extensions.Time.Testing;

namespace Kiln.Aws.Tests.Fakes;

/// <summary>A fake clock that moves only when someone waits on it: each timer created (a Polly backoff delay) advances
/// the clock by its due time at once, so retries run instantly while <see cref="Waited"/> records the time they
/// would have taken. Nothing else moves it, so windows measured on it (the consistency window) are exact.</summary>
public sealed class SteppingClock : FakeTimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly List<TimeSpan> _waits = [];

    public SteppingClock() : base(new DateTimeOffset(2026, 3, 1, 12, 34, 0, TimeSpan.Zero)) => _start = GetUtcNow();

    public TimeSpan Waited => GetUtcNow() - _start;
    public IReadOnlyList<TimeSpan> Waits { get { lock (_waits) return _waits.ToList(); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_waits) _waits.Add(dueTime);
            // Not inline: Task.Delay assigns the timer after CreateTimer returns, and its callback needs it.
            _ = Task.Run(() => Advance(dueTime));
        }
        return timer;
    }
}
