using System.Globalization;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.AutoScaling.AsgXml;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>DescribeAutoScalingGroups: all groups or the named ones (unknown names are left out, not an error, as on
/// AWS), filters `tag:KEY`, `tag-key`, `tag-value`; MaxRecords (1–100, default 50) and NextToken.</summary>
public static class DescribeAutoScalingGroups
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var names = p.List("AutoScalingGroupNames.member");
        var filters = p.Structs("Filters.member").Select(f => (Name: f.Required("Name"), Values: f.List("Values.member"))).ToList();
        var max = p.Int("MaxRecords") ?? 50;
        if (max is < 1 or > 100) throw AsgErrors.Validation($"MaxRecords {max} must be between 1 and 100");
        var offset = Offset(p.Get("NextToken"));
        var (groups, types) = call.Cloud.State.Read(tx => (
            names.Count > 0 ? tx.All<AutoScalingGroupRecord>(ids: names) : tx.All<AutoScalingGroupRecord>(),
            tx.All<InstanceRecord>().ToDictionary(i => i.Id, i => i.InstanceType)));
        var matching = groups.Where(g => filters.All(f => Matches(g, f.Name, f.Values))).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        var page = matching.Skip(offset).Take(max).ToList();
        var next = offset + page.Count < matching.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Ec2Result.Of(E("AutoScalingGroups", page.Select(g => AsgGroupXml.Group(g, types)).ToArray<object?>()), Opt("NextToken", next));
    }

    private static bool Matches(AutoScalingGroupRecord g, string name, IReadOnlyList<string> values) => name switch
    {
        "tag-key" => g.Tags.Any(t => values.Contains(t.Key)),
        "tag-value" => g.Tags.Any(t => values.Contains(t.Value)),
        _ when name.StartsWith("tag:", StringComparison.Ordinal) => g.Tags.Any(t => t.Key == name[4..] && values.Contains(t.Value)),
        _ => throw AsgErrors.Validation($"Filter name {name} is not supported (supported: tag:KEY, tag-key, tag-value)"),
    };

    private static int Offset(string? token) =>
        token is null ? 0
        : int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o
        : throw new Ec2Exception("InvalidNextToken", $"The token {token} is invalid.");
}
