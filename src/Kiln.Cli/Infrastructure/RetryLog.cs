using Kiln.Aws;
using Kiln.Core.Runs;

namespace Kiln.Cli.Infrastructure;

/// <summary>Writes each AWS retry (throttling, eventual consistency, a group still in use) into the run's log, so a
/// slow bake says why. The cloud is connected before the run's log exists: lines before <see cref="Attach"/> are only counted.</summary>
public sealed class RetryLog
{
    private IRunLog? _log;
    private int _count;

    public int Count => _count;

    public void Attach(IRunLog log) => _log = log;

    public void Notice(Kiln.Gcp.GcpRetryNotice n)
    {
        Interlocked.Increment(ref _count);
        _log?.Write("kiln", $"Compute Engine retry: {n.Reason}, attempt {n.Attempt} in {n.Delay.TotalSeconds:0.00} s{(n.Message is null ? "" : $": {n.Message}")}");
    }

    public void Notice(AwsRetryNotice n)
    {
        Interlocked.Increment(ref _count);
        // Throttling and "not visible yet" say all in their code; anything else gets its message (why a launch failed).
        var why = n.Message is null || n.Code == "RequestLimitExceeded" || n.Code.EndsWith(".NotFound", StringComparison.Ordinal) ? "" : $": {n.Message}";
        _log?.Write("kiln", $"AWS retry: {n.Code}, attempt {n.Attempt} ({n.Pipeline}) in {n.Delay.TotalSeconds:0.00} s{why}");
    }
}
