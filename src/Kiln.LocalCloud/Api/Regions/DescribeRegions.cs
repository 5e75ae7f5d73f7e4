using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Regions;

public static class DescribeRegions
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var names = call.Params.List("RegionName");
        var filters = FilterSet.Parse(call.Params);
        var regions = AvailabilityZones.Regions(call.Region);
        if (names.FirstOrDefault(n => !regions.Contains(n)) is { } unknown)
            throw new Ec2Exception("InvalidParameterValue", $"Invalid region: {unknown}");
        var shown = regions.Where(r => (names.Count == 0 || names.Contains(r))
            && filters.Matches(f => f switch
            {
                "region-name" => [r],
                "endpoint" => [Endpoint(r)],
                "opt-in-status" => ["opt-in-not-required"],
                _ => null,
            }, TagSet.Empty));
        return Ec2Result.Of(Set("regionInfo", shown.Select(r => new object?[]
        {
            E("regionName", r), E("regionEndpoint", Endpoint(r)), E("optInStatus", "opt-in-not-required"),
        })));
    }

    private static string Endpoint(string region) => $"ec2.{region}.amazonaws.com";
}
