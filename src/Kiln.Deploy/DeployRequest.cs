using Kiln.Core;
using Kiln.Core.Naming;

namespace Kiln.Deploy;

public enum DeployStrategy { BlueGreen, Rolling }

public enum DeployKind { Deploy, Rollback, Create }

/// <summary>What to create with `--create`: the first group of a deploy, its target group (listening on loopback
/// <see cref="ListenPort"/> on the local cloud), a security group opening <see cref="TargetPort"/>, and the launch
/// template (user data: <see cref="UserData"/>, or one that serves the image id on the target port).</summary>
public sealed record CreateOptions(string TargetGroup, int ListenPort, int Capacity, int TargetPort = 8000,
    string? UserData = null, string InstanceType = "t2.micro");

/// <summary>One deploy, rollback or first creation of a group of a family.</summary>
public sealed record DeployRequest(
    RunId Run, DeployKind Kind, Family Family, string Group, DeployStrategy Strategy, string Arguments)
{
    /// <summary>The image to deploy; null: the family's newest available image.</summary>
    public ImageId? Image { get; init; }
    /// <summary>Rolling: the share of the desired capacity kept healthy while instances are replaced.</summary>
    public int MinHealthyPercentage { get; init; } = 50;
    public CreateOptions? Create { get; init; }
    public string? Job { get; init; }
}

/// <summary>How long a deploy waits, and how often it looks. The local cloud answers in milliseconds and checks
/// health every second, so a quick poll keeps the switch short; on AWS the defaults stay within API rate limits.</summary>
public sealed record DeployTimings
{
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>How long new instances get to become InService and healthy before the deploy gives up.</summary>
    public TimeSpan Healthy { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan Drain { get; init; } = TimeSpan.FromMinutes(6);
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan CleanupBudget { get; init; } = TimeSpan.FromMinutes(5);
}
