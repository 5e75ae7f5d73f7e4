namespace Kiln.Core.Groups;

/// <summary>One version a group runs: its template (EC2: `LAUNCH-TEMPLATE version N`; Compute Engine: the instance
/// template), the image that template boots (null: unreadable) and how many instances the group keeps of it.</summary>
public sealed record GroupVersion(string Template, string? Image, int TargetSize);

/// <summary>The load balancer's view of a group: healthy instances of those it checks (EC2: target health in every
/// target group; Compute Engine: the backend service's getHealth).</summary>
public sealed record GroupHealth(int Healthy, int Total);

/// <summary>One generation of a deploy's group (`web`, `web-v002`, …): whether it serves (a backend with a size), its
/// versions, its target size, its running instances, and its health (null: not behind the load balancer).</summary>
public sealed record GroupMember(string Name, bool InService, IReadOnlyList<GroupVersion> Versions, int TargetSize, int Running,
    GroupHealth? Health);

/// <summary>A deploy's groups as the cloud answers now, oldest generation first.</summary>
public sealed record GroupState(string Deploy, IReadOnlyList<GroupMember> Members)
{
    /// <summary>The generation in service: of several, the newest.</summary>
    public GroupMember? InService => Members.LastOrDefault(m => m.InService);
}

/// <summary>Reads a deploy's groups; implemented by each cloud's deploy provider.</summary>
public interface IGroupStateReader
{
    Task<GroupState> ReadAsync(string deploy, CancellationToken ct);
}
