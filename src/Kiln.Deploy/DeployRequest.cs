using Kiln.Core;
using Kiln.Core.Naming;

namespace Kiln.Deploy;

public enum DeployStrategy { BlueGreen, Rolling, Canary }

public static class DeployStrategies
{
    public static string Name(DeployStrategy s) => s switch
    {
        DeployStrategy.BlueGreen => "blue-green",
        DeployStrategy.Canary => "canary",
        _ => "rolling",
    };
}

public enum DeployKind { Deploy, Rollback, Create }

/// <summary>What to create with `--create`: the first group of a deploy and its load balancer <see cref="TargetGroup"/>
/// (EC2: a target group listening on loopback <see cref="ListenPort"/> on the local cloud; Compute Engine: a health
/// check, a regional backend service and a forwarding rule of that name on that port), a rule opening
/// <see cref="TargetPort"/>, and the launch or instance template (user data or startup script: <see cref="UserData"/>,
/// or one that serves the image on the target port).</summary>
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
    /// <summary>Canary: the share of the group (1–99 %) that runs the new image until `--promote` or a rollback.</summary>
    public int CanaryPercent { get; init; }
    /// <summary>Canary: finish the canary under way (every instance on its image).</summary>
    public bool Promote { get; init; }
    public string? Job { get; init; }
    /// <summary>The caller (the job server) has written the run's start record and writes its end.</summary>
    public bool RunRecorded { get; init; }
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
