using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Control;

/// <summary>The lease row that makes one endpoint process the controller of a state (groups, listeners, health
/// checks) when several run over one KILN_HOME. Renewed each tick; a holder that died loses it after <see cref="Ttl"/>.</summary>
public sealed record LeaseRecord(string Id, string Owner, DateTimeOffset Expires, DateTimeOffset Created) : IStateObject<LeaseRecord>
{
    public static string Kind => "lease";
    public string? Name => null;
}

public sealed class ControlLease(StateStore state, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private const string Id = "controller";
    public string Owner { get; } = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Takes or renews the lease; false while another live process holds it.</summary>
    public bool TryHold() => state.Write(tx =>
    {
        var now = clock.GetUtcNow();
        var current = tx.Get<LeaseRecord>(Id);
        if (current is not null && current.Owner != Owner && current.Expires > now) return false;
        tx.Put(new LeaseRecord(Id, Owner, now + Ttl, current?.Created ?? now));
        return true;
    });

    public void Release() => state.Write(tx =>
    {
        if (tx.Get<LeaseRecord>(Id) is { } l && l.Owner == Owner) tx.Delete<LeaseRecord>(Id);
    });
}
