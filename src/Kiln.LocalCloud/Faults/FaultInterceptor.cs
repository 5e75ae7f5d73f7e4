using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Faults;

/// <summary>How many faults were injected, by kind (read by tests and logged by `serve`).</summary>
public sealed class FaultCounts
{
    private int _throttled, _failed, _notVisible, _killed;
    public int Throttled => _throttled;
    public int Failed => _failed;
    public int NotVisible => _notVisible;
    public int InstancesKilled => _killed;
    internal void Throttle() => Interlocked.Increment(ref _throttled);
    internal void Fail() => Interlocked.Increment(ref _failed);
    internal void Hide() => Interlocked.Increment(ref _notVisible);
    internal void Kill() => Interlocked.Increment(ref _killed);
    public override string ToString() =>
        $"{Throttled} throttled, {Failed} failed, {NotVisible} not yet visible, {InstancesKilled} instance(s) killed";
}

/// <summary>The one place faults enter the request pipeline (after SigV4, before the handler). Throttling and
/// injected failures answer before the handler runs, as EC2's do, so a refused call changed nothing.</summary>
public sealed class FaultInterceptor : IEc2Interceptor
{
    private readonly FaultSpec _spec;
    private readonly Random _random;
    private readonly RecentIds _recent;
    private readonly HashSet<string> _failedOnce = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FaultInterceptor(FaultSpec spec, TimeProvider clock)
    {
        _spec = spec;
        _random = spec.Seed is { } seed ? new Random(seed) : new Random();
        _recent = new RecentIds(spec.Consistency, clock);
    }

    public FaultCounts Counts { get; } = new();

    public async Task<Ec2Result> InvokeAsync(Ec2Call call, Func<Task<Ec2Result>> next, CancellationToken ct)
    {
        if (_spec.ThrottleShare > 0 && Roll() < _spec.ThrottleShare)
        {
            Counts.Throttle();
            call.Cloud.Trace($"local-cloud: fault: {call.Action} throttled");
            // EC2 answers RequestLimitExceeded with HTTP 503.
            throw new Ec2Exception("RequestLimitExceeded", "Request limit exceeded.", 503);
        }
        if (FailureFor(call.Action) is { } failure)
        {
            Counts.Fail();
            call.Cloud.Trace($"local-cloud: fault: {call.Action} failed with {failure.Code}");
            throw new Ec2Exception(failure.Code, $"{call.Action} failed (fault injected by {FaultSpec.Variable})",
                failure.Code is "InternalError" or "ServiceUnavailable" or "Unavailable" ? 500 : 400);
        }
        if (_spec.Consistency > TimeSpan.Zero && _recent.NotVisible(call) is { } notYet)
        {
            Counts.Hide();
            call.Cloud.Trace($"local-cloud: fault: {call.Action} answered {notYet.Code} (eventual consistency)");
            throw notYet;
        }

        var result = await next();
        if (_spec.Consistency > TimeSpan.Zero) _recent.Remember(call, result);
        if (_spec.DieDuring == "provision" && call.Action == "RunInstances")
            foreach (var id in result.Elements.SelectMany(e => e.Descendants()).Where(e => e.Name.LocalName == "instanceId"))
                InstanceDeath.DuringProvisioning(call.Cloud, id.Value, Counts, ct);
        return result;
    }

    private double Roll()
    {
        lock (_gate) return _random.NextDouble();
    }

    private ActionFault? FailureFor(string action)
    {
        lock (_gate)
        {
            foreach (var f in _spec.Failures.Where(f => f.Action == action))
                if (f.Always || _failedOnce.Add(f.Action)) return f;
            return null;
        }
    }
}
