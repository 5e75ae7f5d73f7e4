using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.State;

// Health checks, regional backend services and forwarding rules (an external passthrough network load balancer).

/// <summary>A global health check, HTTP (a GET of RequestPath answered 200) or TCP (a connect).</summary>
public sealed record GceHealthCheckRecord(
    string Id, ulong Number, string Project, string Name, string? Description, string Type, int Port, string? RequestPath,
    int CheckIntervalSec, int TimeoutSec, int HealthyThreshold, int UnhealthyThreshold, DateTimeOffset Created)
    : IStateObject<GceHealthCheckRecord>
{
    public static string Kind => "gce-health-check";
    string? IStateObject<GceHealthCheckRecord>.Name => Id;
}

public sealed record GceBackend(string Group, string BalancingMode, string? Description);

/// <summary>A regional backend service: instance groups behind one health check, drained for DrainingTimeoutSec.</summary>
public sealed record GceBackendServiceRecord(
    string Id, ulong Number, string Project, string Region, string Name, string? Description, string Protocol,
    string LoadBalancingScheme, IReadOnlyList<string> HealthChecks, IReadOnlyList<GceBackend> Backends, int DrainingTimeoutSec,
    string SessionAffinity, string Fingerprint, DateTimeOffset Created) : IStateObject<GceBackendServiceRecord>
{
    public static string Kind => "gce-backend-service";
    string? IStateObject<GceBackendServiceRecord>.Name => Id;
}

/// <summary>A regional forwarding rule: a TCP listener on <see cref="IpAddress"/> (a loopback address the local cloud
/// holds for it, owner <see cref="AddressOwner"/>) at each of its ports, to its backend service.</summary>
public sealed record GceForwardingRuleRecord(
    string Id, ulong Number, string Project, string Region, string Name, string? Description, string IpAddress, string IpProtocol,
    string PortRange, string BackendService, string LoadBalancingScheme, IReadOnlyDictionary<string, string> Labels,
    string LabelFingerprint, string Fingerprint, DateTimeOffset Created) : IStateObject<GceForwardingRuleRecord>
{
    public static string Kind => "gce-forwarding-rule";
    string? IStateObject<GceForwardingRuleRecord>.Name => Id;
    public string AddressOwner => AddressOwnerOf(Number);
    public static string AddressOwnerOf(ulong number) => $"gce-fr-{number}";

    public IEnumerable<int> Ports
    {
        get
        {
            var parts = PortRange.Split('-');
            var from = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            var to = parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : from;
            return Enumerable.Range(from, to - from + 1);
        }
    }
}
