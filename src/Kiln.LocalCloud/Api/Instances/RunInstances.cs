using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Api.KeyPairs;
using Kiln.LocalCloud.Api.SecurityGroups;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>
/// RunInstances: validate every reference, write the instances as pending with their addresses (one transaction),
/// start their containers (about 1 s each, in parallel), then record them running. The answer shows `pending`, as
/// EC2's does. A repeated ClientToken answers the instances it already launched (the SDKs retry with the same token).
/// </summary>
public static class RunInstances
{
    public static async Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct)
    {
        var cloud = call.Cloud;
        if (call.Params.Get("ClientToken") is { } token
            && cloud.State.Read(tx => tx.All<InstanceRecord>().Where(i => i.ClientToken == token).ToList()) is { Count: > 0 } earlier)
            return Reservation(call, earlier, shownState: null);

        var request = LaunchRequest.Parse(call.Params, call.Region, cloud.State);
        var now = cloud.Now;
        var (instances, publicKey) = cloud.State.Write(tx => Reserve(tx, cloud, request, now, call.Region));

        Dictionary<string, string?> bridge;
        try
        {
            var launched = await Task.WhenAll(instances.Select(async i => (i.Id, Bridge: await cloud.Instances.LaunchAsync(i, publicKey, ct))));
            bridge = launched.ToDictionary(l => l.Id, l => l.Bridge);
        }
        catch (PodmanException e)
        {
            cloud.Trace($"local-cloud: RunInstances could not start {string.Join(", ", instances.Select(i => i.Id))}: {e.Message}");
            foreach (var i in instances)
                await cloud.Instances.DestroyAsync(i.Id, "Server.InternalError: the instance could not start", CancellationToken.None);
            // Instances that never ran are not listed, and the client's retry (same ClientToken) launches anew.
            cloud.State.Write(tx => { foreach (var i in instances) tx.Delete<InstanceRecord>(i.Id); });
            throw new Ec2Exception("InsufficientInstanceCapacity", $"The local cloud could not start the instance: {e.Message}", 500);
        }
        cloud.State.Write(tx =>
        {
            foreach (var i in instances)
                if (tx.Get<InstanceRecord>(i.Id) is { State: InstanceStates.Pending } current)
                    tx.Put(current with { State = InstanceStates.Running, BridgeAddress = bridge[i.Id] });
        });
        return Reservation(call, instances.Select(i => i with { BridgeAddress = bridge[i.Id] }).ToList(), InstanceStates.Pending);
    }

    private static (List<InstanceRecord>, string?) Reserve(StateTx tx, CloudServices cloud, LaunchRequest r, DateTimeOffset now, string region)
    {
        var image = Images.RegionalImages.Image(tx, r.ImageId, region);
        if (image.State != "available")
            throw new Ec2Exception("InvalidAMIID.Unavailable", $"The image id '[{r.ImageId}]' is not available (state {image.State})");
        var key = r.KeyName is null ? null : tx.ByName<KeyPairRecord>(r.KeyName) ?? throw KeyPairXml.NotFound(r.KeyName);
        // Without a subnet, the default subnet of the zone asked for (EC2 places the instance in the default VPC so).
        var subnet = r.SubnetId is null ? LocalSubnets.Of(region).FirstOrDefault(x => x.Zone == r.Zone) ?? LocalSubnets.Of(region)[0]
            : LocalSubnets.Find(region, r.SubnetId) ?? throw Ec2Errors.NotFound("InvalidSubnetID.NotFound", $"The subnet ID '{r.SubnetId}' does not exist");
        var zone = r.Zone ?? subnet.Zone;
        if (zone != subnet.Zone)
            throw Ec2Errors.InvalidValue("Placement.AvailabilityZone", zone, $"Subnet {subnet.Id} is in {subnet.Zone}.");
        var groups = r.GroupIds.Select(id => tx.Get<SecurityGroupRecord>(id) ?? throw SecurityGroupXml.NotFound(id))
            .Concat(r.GroupNames.Select(n => tx.ByName<SecurityGroupRecord>(n) ?? throw SecurityGroupXml.NotFound(n)))
            .Select(g => g.Id).Distinct().ToList();
        if (groups.Count == 0) groups.Add(LocalAccount.EnsureDefaultGroup(tx, now).Id);
        var devices = Requests.Merge(image.BlockDevices, r.BlockDevices);
        var reservation = ResourceIds.New("r");
        var instanceTags = Requests.TagsFor(r.TagSpecifications, "instance");
        var volumeTags = Requests.TagsFor(r.TagSpecifications, "volume");
        var spotTags = Requests.TagsFor(r.TagSpecifications, "spot-instances-request");

        var instances = new List<InstanceRecord>();
        for (var n = 0; n < r.MaxCount; n++)
        {
            var id = ResourceIds.New("i");
            var address = cloud.Addresses.Allocate(tx, id, now);
            var volumes = devices.Select(d => new InstanceVolume(d.DeviceName, ResourceIds.New("vol"), d.VolumeSize, d.VolumeType,
                d.DeleteOnTermination, volumeTags)).ToList();
            var instance = new InstanceRecord(id, image.Id, r.InstanceType, key?.Name, groups, InstanceStates.Pending, address, now,
                instanceTags, volumes, reservation, n, subnet.Id, LocalAccount.VpcId, zone, image.LoginUser,
                image.RootDeviceName, r.UserData, ClientToken: r.ClientToken, Options: r.Options.For(image, r.InstanceType, spotTags),
                NoPublicIp: r.NoPublicIp);
            tx.Put(instance);
            instances.Add(instance);
        }
        return (instances, key?.PublicKey);
    }

    private static Ec2Result Reservation(Ec2Call call, IReadOnlyList<InstanceRecord> instances, string? shownState)
    {
        var groupNames = call.Cloud.State.Read(InstanceLookup.GroupNames);
        var first = instances[0];
        return Ec2Result.Of(
            E("reservationId", first.ReservationId),
            E("ownerId", LocalAccount.Id),
            InstanceXml.Groups(first, groupNames),
            Set("instancesSet", instances.Select(i => InstanceXml.Item(i, groupNames, shownState))));
    }
}
