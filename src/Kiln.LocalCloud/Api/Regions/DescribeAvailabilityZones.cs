using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Regions;

public static class DescribeAvailabilityZones
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var region = call.Region;
        var zones = AvailabilityZones.Names(region).Select((z, i) => (Name: z, Id: $"{Short(region)}-az{i + 1}")).ToList();
        var names = call.Params.List("ZoneName");
        var ids = call.Params.List("ZoneId");
        if (names.FirstOrDefault(n => zones.All(z => z.Name != n)) is { } unknown)
            throw Ec2Errors.InvalidValue("ZoneName", unknown, $"Zones in {region} are {string.Join(", ", zones.Select(z => z.Name))}.");
        var filters = FilterSet.Parse(call.Params);
        var shown = zones.Where(z => (names.Count == 0 || names.Contains(z.Name)) && (ids.Count == 0 || ids.Contains(z.Id))
            && filters.Matches(f => f switch
            {
                "zone-name" => [z.Name],
                "zone-id" => [z.Id],
                "region-name" => [region],
                "state" => ["available"],
                "zone-type" => ["availability-zone"],
                "opt-in-status" => ["opt-in-not-required"],
                "group-name" => [region],
                _ => null,
            }, TagSet.Empty));
        return Ec2Result.Of(Set("availabilityZoneInfo", shown.Select(z => new object?[]
        {
            E("zoneName", z.Name), E("zoneState", "available"), E("regionName", region), E("zoneId", z.Id),
            Set("messageSet", []), E("optInStatus", "opt-in-not-required"), E("groupName", region),
            E("networkBorderGroup", region), E("zoneType", "availability-zone"),
        })));
    }

    /// <summary>`us-east-1` → `use1`, `ap-northeast-1` → `apne1`, as EC2's zone ids read.</summary>
    private static string Short(string region)
    {
        var parts = region.Split('-');
        if (parts.Length != 3) return region;
        var direction = string.Concat(parts[1].Replace("north", "n|").Replace("south", "s|").Replace("east", "e|")
            .Replace("west", "w|").Replace("central", "c|").Split('|', StringSplitOptions.RemoveEmptyEntries));
        return parts[0] + direction + parts[2];
    }
}
