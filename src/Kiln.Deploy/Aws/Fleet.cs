using System.Globalization;
using Kiln.Aws.AutoScaling;

namespace Kiln.Deploy.Aws;

/// <summary>The generations of one deploy's group: `NAME` (the first, counts as 1), `NAME-v002`, `NAME-v003`, …
/// Pure functions over DescribeAutoScalingGroups' answer.</summary>
public static class Fleet
{
    /// <summary>The generation in a group's name, or null when it is not a group of this deploy.</summary>
    public static int? Generation(string deploy, string groupName) => GroupGenerations.Of(deploy, groupName);

    public static IReadOnlyList<AutoScalingGroup> Members(string deploy, IEnumerable<AutoScalingGroup> groups) =>
        groups.Where(g => g.Status is null && Generation(deploy, g.Name) is not null
                && (g.Name == deploy || g.Tags.Any(t => t.Key == DeployTags.Deploy && t.Value == deploy)))
            .OrderBy(g => Generation(deploy, g.Name)).ToList();

    /// <summary>The group in service: it has capacity and target groups; of several, the newest generation.</summary>
    public static AutoScalingGroup? Current(string deploy, IEnumerable<AutoScalingGroup> groups) =>
        Members(deploy, groups).Where(g => g.DesiredCapacity > 0 && g.TargetGroupArns.Count > 0).LastOrDefault();

    public static string NextName(string deploy, IEnumerable<AutoScalingGroup> groups) => GroupGenerations.NextName(deploy, groups.Select(g => g.Name));

    public static string? Tag(AutoScalingGroup g, string key) => g.Tags.FirstOrDefault(t => t.Key == key)?.Value;

    /// <summary>`group:NAME` or `version:N` from the group's rollback tag.</summary>
    public static (string? Group, int? Version) RollbackTarget(AutoScalingGroup g) => Tag(g, DeployTags.Rollback) switch
    {
        { } v when v.StartsWith("group:", StringComparison.Ordinal) => (v[6..], null),
        { } v when v.StartsWith("version:", StringComparison.Ordinal)
            && int.TryParse(v[8..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) => (null, n),
        _ => (null, null),
    };
}
