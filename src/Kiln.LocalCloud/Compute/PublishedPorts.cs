using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>
/// The TCP ports an instance publishes on its loopback address besides 22: those its security groups open by an
/// ingress rule of at most <see cref="MaxRangeSize"/> ports (a rule for all ports cannot be published one by one).
/// As on EC2, the security group decides what reaches the instance; here it also decides what is forwarded to the
/// container (traffic stays on loopback: the container's bridge address is never a target).
/// </summary>
public static class PublishedPorts
{
    public const int MaxRangeSize = 16, MaxPorts = 32;

    public static IReadOnlyList<int> For(StateTx tx, IReadOnlyList<string> securityGroupIds) =>
        tx.All<SecurityGroupRecord>(ids: securityGroupIds.ToList())
            .SelectMany(g => g.Ingress)
            .Where(r => r.Protocol is "tcp" or "6" && r.FromPort is { } from && r.ToPort is { } to && to >= from && to - from < MaxRangeSize)
            .SelectMany(r => Enumerable.Range(r.FromPort!.Value, r.ToPort!.Value - r.FromPort.Value + 1))
            .Where(p => p is > 0 and <= 65535 && p != 22)
            .Distinct().Order().Take(MaxPorts).ToList();
}
