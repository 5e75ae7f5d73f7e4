using System.Globalization;
using System.Xml.Linq;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>An instance as EC2 describes it. Its loopback address is both its private and (while it runs) public IP;
/// the VPC id is always set, so Packer's default ssh_interface picks the public IP. One launched without a public
/// address (AssociatePublicIpAddress false) has only its private address on podman's bridge.</summary>
public static class InstanceXml
{
    public static object?[] Item(InstanceRecord i, IReadOnlyDictionary<string, string> groupNames, string? shownState = null)
    {
        var state = shownState ?? i.State;
        var hasPublicIp = state is InstanceStates.Pending or InstanceStates.Running && !i.NoPublicIp;
        var hasPrivateIp = state != InstanceStates.Terminated;
        var o = i.Settings;
        return
        [
            E("instanceId", i.Id),
            E("imageId", i.ImageId),
            State("instanceState", state),
            E("privateDnsName", hasPrivateIp ? PrivateDns(i) : ""),
            E("dnsName", ""),
            E("reason", i.StateTransitionReason ?? ""),
            Opt("keyName", i.KeyName),
            o.Spot is null ? null : E("instanceLifecycle", "spot"),
            o.Spot is null ? null : E("spotInstanceRequestId", o.Spot.RequestId),
            E("amiLaunchIndex", i.LaunchIndex),
            Set("productCodes", []),
            E("instanceType", i.InstanceType),
            E("launchTime", i.LaunchTime),
            E("placement", E("availabilityZone", i.AvailabilityZone), E("groupName", ""), E("tenancy", "default")),
            E("monitoring", E("state", "disabled")),
            state == InstanceStates.Terminated ? null : E("subnetId", i.SubnetId),
            state == InstanceStates.Terminated ? null : E("vpcId", i.VpcId),
            hasPrivateIp ? E("privateIpAddress", i.PrivateAddress) : null,
            hasPublicIp ? E("ipAddress", i.Address) : null,
            E("sourceDestCheck", true),
            Groups(i, groupNames),
            StateReason(state, i.StateTransitionReason),
            E("architecture", "x86_64"),
            E("rootDeviceType", "ebs"),
            E("rootDeviceName", i.RootDeviceName),
            Set("blockDeviceMapping", state == InstanceStates.Terminated ? [] : i.Volumes.Select(v => new object?[]
            {
                E("deviceName", v.DeviceName),
                E("ebs", E("volumeId", v.VolumeId), E("status", "attached"), E("attachTime", i.LaunchTime),
                    E("deleteOnTermination", v.DeleteOnTermination)),
            })),
            E("virtualizationType", "hvm"),
            Opt("clientToken", i.ClientToken),
            Tags(i.Tags),
            E("hypervisor", "xen"),
            E("ebsOptimized", o.EbsOptimized),
            E("enaSupport", o.EnaSupport),
            Opt("sriovNetSupport", o.SriovNetSupport),
            o.Profile is null ? null : E("iamInstanceProfile", E("arn", o.Profile.Arn), E("id", o.Profile.Id)),
            Metadata(o.Metadata, state),
            E("platformDetails", "Linux/UNIX"),
            E("usageOperation", "RunInstances"),
        ];
    }

    /// <summary>EC2's metadataOptions: `applied` once the instance runs, `pending` before.</summary>
    private static XElement Metadata(MetadataOptions? m, string state)
    {
        m ??= new MetadataOptions("enabled", "optional", 1, "disabled");
        return E("metadataOptions", E("state", state == InstanceStates.Pending ? "pending" : "applied"),
            E("httpTokens", m.HttpTokens), E("httpPutResponseHopLimit", m.HopLimit), E("httpEndpoint", m.HttpEndpoint),
            E("httpProtocolIpv6", "disabled"), E("instanceMetadataTags", m.InstanceMetadataTags));
    }

    public static XElement State(string name, string state) =>
        E(name, E("code", InstanceStates.Code(state)), E("name", state));

    public static XElement Groups(InstanceRecord i, IReadOnlyDictionary<string, string> groupNames) =>
        Set("groupSet", i.SecurityGroupIds.Select(g => new object?[] { E("groupId", g), E("groupName", groupNames.GetValueOrDefault(g, "")) }));

    /// <summary>EC2's stateReason; an instance that failed on the cloud's side (a recorded `Server.…: message`
    /// reason: it could not start, it died) says so, as EC2 does with Server.InternalError.</summary>
    private static XElement? StateReason(string state, string? recorded) => state switch
    {
        InstanceStates.Stopped or InstanceStates.Stopping or InstanceStates.Terminated or InstanceStates.ShuttingDown
            when recorded is not null && recorded.StartsWith("Server.", StringComparison.Ordinal) =>
            E("stateReason", E("code", recorded.Split(':', 2)[0]), E("message", recorded)),
        InstanceStates.Stopped or InstanceStates.Stopping =>
            E("stateReason", E("code", "Client.UserInitiatedShutdown"), E("message", "Client.UserInitiatedShutdown: User initiated shutdown")),
        InstanceStates.Terminated or InstanceStates.ShuttingDown =>
            E("stateReason", E("code", "Client.UserInitiatedShutdown"), E("message", "Client.UserInitiatedShutdown: User initiated shutdown")),
        _ => null,
    };

    /// <summary>As EC2 names hosts: `ip-10-0-0-1.ec2.internal` in us-east-1, `….REGION.compute.internal` elsewhere.</summary>
    public static string PrivateDns(InstanceRecord i)
    {
        var region = i.AvailabilityZone[..^1];
        var host = "ip-" + i.Address.Replace('.', '-');
        return region == "us-east-1" ? $"{host}.ec2.internal" : $"{host}.{region}.compute.internal";
    }

    public static IEnumerable<string?>? FilterValues(InstanceRecord i, string filter, IReadOnlyDictionary<string, string> groupNames) => filter switch
    {
        "instance-id" => [i.Id],
        "instance-state-name" => [i.State],
        "instance-state-code" => [InstanceStates.Code(i.State).ToString(CultureInfo.InvariantCulture)],
        "image-id" => [i.ImageId],
        "instance-type" => [i.InstanceType],
        "key-name" => [i.KeyName],
        "reservation-id" => [i.ReservationId],
        "availability-zone" => [i.AvailabilityZone],
        "vpc-id" => [i.VpcId],
        "subnet-id" => [i.SubnetId],
        "private-ip-address" or "network-interface.addresses.private-ip-address" => [i.PrivateAddress],
        "ip-address" => i.State == InstanceStates.Running && !i.NoPublicIp ? [i.Address] : [],
        "private-dns-name" => [PrivateDns(i)],
        "instance.group-id" or "group-id" => i.SecurityGroupIds,
        "instance.group-name" or "group-name" => i.SecurityGroupIds.Select(g => groupNames.GetValueOrDefault(g)),
        "architecture" => ["x86_64"],
        "root-device-type" => ["ebs"],
        "client-token" => [i.ClientToken],
        "owner-id" => [LocalAccount.Id],
        "launch-time" => [Time(i.LaunchTime)],
        "block-device-mapping.volume-id" => i.Volumes.Select(v => v.VolumeId),
        "instance-lifecycle" => i.Settings.Spot is null ? [] : ["spot"],
        "spot-instance-request-id" => [i.Settings.Spot?.RequestId],
        "iam-instance-profile.arn" => [i.Settings.Profile?.Arn],
        "metadata-options.http-tokens" => [(i.Settings.Metadata?.HttpTokens ?? "optional")],
        "metadata-options.http-endpoint" => [(i.Settings.Metadata?.HttpEndpoint ?? "enabled")],
        "metadata-options.http-put-response-hop-limit" => [(i.Settings.Metadata?.HopLimit ?? 1).ToString(CultureInfo.InvariantCulture)],
        "metadata-options.instance-metadata-tags" => [(i.Settings.Metadata?.InstanceMetadataTags ?? "disabled")],
        _ => null,
    };
}
