using Kiln.LocalCloud.ElbV2;

namespace Kiln.LocalCloud.Balancing;

/// <summary>One target of a running balancer (an ELBv2 target group, a Compute Engine backend service): its health counters and its open connections. Guarded by the
/// balancer's lock: choosing a target and counting a connection happen together, so a target that is
/// deregistered gets no connection after that moment, and its instance is not terminated while one is open.</summary>
internal sealed class Target(string instanceId, string address, DateTimeOffset registered, DateTimeOffset cohort)
{
    public string InstanceId { get; } = instanceId;
    public string Address { get; set; } = address;
    public string State { get; set; } = "initial";
    public int Successes { get; set; }
    public int Failures { get; set; }
    public int InFlight { get; set; }
    public bool Registered { get; set; } = true;
    public DateTimeOffset RegisteredAt { get; } = registered;
    /// <summary>When the target's group was attached (newer cohorts take the traffic once one of them is healthy).</summary>
    public DateTimeOffset Cohort { get; set; } = cohort;
    public DateTimeOffset? DrainingSince { get; set; }
    public string? Reason { get; set; } = "Elb.RegistrationInProgress";

    public bool Serves => Registered && State == "healthy";

    public TargetHealthEntry Entry(int port) => new(InstanceId, port, Registered ? State : "draining",
        Registered ? (State == "healthy" ? null : Reason) : "Target.DeregistrationInProgress",
        Registered ? (State == "unhealthy" ? "Health checks failed" : null) : "Target deregistration is in progress", Cohort);
}
