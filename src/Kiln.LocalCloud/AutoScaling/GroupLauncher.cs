using System.Globalization;
using Kiln.LocalCloud.Api.Instances;
using Kiln.LocalCloud.Api.LaunchTemplates;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>Launches a group's instances as ordinary local-cloud instances: RunInstances from the group's launch
/// template version (resolved now, so `$Latest` follows new versions), tagged `aws:autoscaling:groupName` plus the
/// group's tags that propagate at launch, as AWS tags them.</summary>
public static class GroupLauncher
{
    public const string GroupNameTag = "aws:autoscaling:groupName";

    public static async Task<(IReadOnlyList<string> Ids, int Version)> LaunchAsync(CloudServices cloud, AutoScalingGroupRecord g,
        int count, string region, CancellationToken ct)
    {
        var version = cloud.State.Read(tx =>
            LaunchTemplateResolver.Version(LaunchTemplateResolver.Find(tx, g.LaunchTemplate.Id, null), g.LaunchTemplate.Version).Number);
        var p = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "RunInstances",
            ["LaunchTemplate.LaunchTemplateId"] = g.LaunchTemplate.Id,
            ["LaunchTemplate.Version"] = version.ToString(CultureInfo.InvariantCulture),
            ["MinCount"] = count.ToString(CultureInfo.InvariantCulture),
            ["MaxCount"] = count.ToString(CultureInfo.InvariantCulture),
            ["Placement.AvailabilityZone"] = g.Zones[0],
        };
        var n = 0;
        foreach (var t in g.Tags.Where(t => t.PropagateAtLaunch && !t.Key.StartsWith("aws:", StringComparison.Ordinal)))
        {
            n++;
            p["TagSpecification.1.ResourceType"] = "instance";
            p[$"TagSpecification.1.Tag.{n}.Key"] = t.Key;
            p[$"TagSpecification.1.Tag.{n}.Value"] = t.Value;
        }
        var call = new Ec2Call("RunInstances", new QueryParams(p), region, Guid.NewGuid().ToString(), cloud);
        var result = await RunInstances.HandleAsync(call, ct);
        var ids = result.Elements.Where(e => e.Name.LocalName == "instancesSet")
            .SelectMany(s => s.Elements(Ec2Xml.Ns + "item")).Select(i => i.Element(Ec2Xml.Ns + "instanceId")!.Value).ToList();
        // `aws:` tags are refused to clients (RunInstances says so); Auto Scaling itself writes this one, as on AWS.
        cloud.State.Write(tx =>
        {
            foreach (var id in ids)
                if (tx.Get<InstanceRecord>(id) is { } i) tx.Put(i with { Tags = i.Tags.With([new(GroupNameTag, g.Id)]) });
        });
        return (ids, version);
    }
}
