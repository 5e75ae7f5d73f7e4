using Kiln.LocalCloud.Api.LaunchTemplates;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>What several Auto Scaling actions read: the group, its launch template, target group ARNs, tags.</summary>
public static class AsgRequests
{
    /// <summary>The local cloud runs containers on one machine: a group larger than this is refused up front.</summary>
    public const int MaxGroupSize = 20;

    public static string GroupName(QueryParams p) =>
        p.Get("AutoScalingGroupName") is { Length: > 0 } n ? n : throw AsgErrors.Missing("autoScalingGroupName");

    public static AutoScalingGroupRecord Group(StateTx tx, string name) =>
        tx.Get<AutoScalingGroupRecord>(name) ?? throw AsgErrors.GroupNotFound(name);

    /// <summary>`LaunchTemplate.LaunchTemplateId|Name` and `.Version` (default `$Default`), checked to exist.</summary>
    public static AsgLaunchTemplate? LaunchTemplate(StateTx tx, QueryParams p)
    {
        var lt = p.Sub("LaunchTemplate");
        if (lt.IsEmpty) return null;
        var version = lt.Get("Version") ?? "$Default";
        try
        {
            var template = LaunchTemplateResolver.Find(tx, lt.Get("LaunchTemplateId"), lt.Get("LaunchTemplateName"));
            LaunchTemplateResolver.Version(template, version);
            return new AsgLaunchTemplate(template.Id, template.Name, version);
        }
        catch (Ec2Exception e)
        {
            // Auto Scaling wraps EC2's answer in its own code.
            throw AsgErrors.Validation($"You must use a valid fully-formed launch template. {e.Message}");
        }
    }

    public static IReadOnlyList<string> TargetGroupArns(StateTx tx, QueryParams p)
    {
        var arns = p.List("TargetGroupARNs.member").Distinct().ToList();
        foreach (var arn in arns)
            if (tx.Get<TargetGroupRecord>(arn) is null)
                throw AsgErrors.Validation($"Provided Target Groups may not be valid. Please ensure they exist and try again. ({arn} not found)");
        return arns;
    }

    public static IReadOnlyList<AsgTag> Tags(QueryParams p) =>
        p.Structs("Tags.member").Select(t => new AsgTag(
            t.Get("Key") is { Length: > 0 } k ? k : throw AsgErrors.Missing("tags.member.key"),
            t.Get("Value") ?? "", t.Bool("PropagateAtLaunch") ?? false)).ToList();

    public static void CheckSizes(int min, int max, int desired)
    {
        if (min < 0 || max < 0) throw AsgErrors.Validation("MinSize and MaxSize must not be negative");
        if (min > max) throw AsgErrors.Validation($"Max bound, {max}, must be greater than or equal to min bound, {min}");
        if (desired < min || desired > max)
            throw AsgErrors.Validation($"Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}");
        if (max > MaxGroupSize)
            throw AsgErrors.Validation($"MaxSize {max} is more than the local cloud runs in one group ({MaxGroupSize})");
    }
}
