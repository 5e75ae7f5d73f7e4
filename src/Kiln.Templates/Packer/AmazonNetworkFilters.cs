using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>vpc_filter, subnet_filter and security_group_filter as Packer's amazon-ebs reads them: `filters` (EC2
/// filter names → one value each), and for subnets `most_free` and `random`. What they match is the cloud's to say:
/// StepCheckInputs resolves them before anything is made.</summary>
internal static class AmazonNetworkFilters
{
    public static NetworkFilters? Read(OptionReader o)
    {
        var vpc = Filters(o, "vpc_filter", out var vpcAt, _ => { });
        bool mostFree = false, random = false;
        var subnet = Filters(o, "subnet_filter", out var subnetAt, f =>
        {
            mostFree = f.Bool("most_free") ?? false;
            random = f.Bool("random") ?? false;
        });
        var groups = Filters(o, "security_group_filter", out var groupsAt, _ => { });
        var filters = new NetworkFilters(
            vpc is null ? null : new VpcFilter(vpc, vpcAt),
            subnet is null ? null : new SubnetFilter(subnet, mostFree, random, subnetAt),
            groups is null ? null : new SecurityGroupFilter(groups, groupsAt));
        return filters.IsEmpty ? null : filters;
    }

    /// <summary>The option's filters; null when the option is absent or empty (Packer's zero value: no filter).</summary>
    private static IReadOnlyDictionary<string, string>? Filters(OptionReader o, string option, out string at, Action<OptionReader> more)
    {
        at = "";
        if (o.Object(option) is not { } node) return null;
        at = $"{node.Position}: {node.Path}";
        var f = o.Nested(node, option);
        var filters = f.StringMap("filters");
        more(f);
        f.ReportUnknown();
        if (filters is null or { Count: 0 })
        {
            if (node.Entries.Count > 0) o.Problems.At(node, $"{option} needs filters, such as {{\"filters\": {{\"tag:Name\": \"build\"}}}}");
            return null;
        }
        return filters;
    }
}
