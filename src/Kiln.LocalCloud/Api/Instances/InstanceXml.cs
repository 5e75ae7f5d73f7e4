using System.Globalization;
using System.Xml.Linq;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>An instance as EC2 describes it. Its loopback address is both its private and (while it runs) public IP;
/// the VPC id is always set, so Packer's default ssh_interface picks the public IP.</summary>
public static class InstanceXml
{
    public static object?[] Item(InstanceRecord i, IReadOnlyDictionary<string, string> groupNames, string? shownState = null)
    {
        var state = shownState ?? i.State;
        var hasPublicIp = state is InstanceStates.Pending or InstanceStates.Running;
        var hasPrivateIp = state != InstanceStates.Terminated;
        return
        [
            E("instanceId", i.Id),
            E("imageId", i.ImageId),
            State("instanceState", state),
            E("privateDnsName", hasPrivateIp ? PrivateDns(i) : ""),
            E("dnsName", ""),
            E("reason", i.StateTransitionReason ?? ""),
            Opt("keyName", i.KeyName),
            E("amiLaunchIndex", i.LaunchIndex),
            Set("productCodes", []),
            E("instanceType", i.InstanceType),
            E("launchTime", i.LaunchTime),
            E("placement", E("availabilityZone", i.AvailabilityZone), E("groupName", ""), E("tenancy", "default")),
            E("monitoring", E("state", "disabled")),
            state == InstanceStates.Terminated ? null : E("subnetId", i.SubnetId),
            state == InstanceStates.Terminated ? null : E("vpcId", i.VpcId),
            hasPrivateIp ? E("privateIpAddress", i.Address) : null,
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
            E("ebsOptimized", false),
            E("enaSupport", true),
            E("platformDetails", "Linux/UNIX"),
            E("usageOperation", "RunInstances"),
        ];
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
        "private-ip-address" or "network-interface.addresses.private-ip-address" => [i.Address],
        "ip-address" => i.State == InstanceStates.Running ? [i.Address] : [],
        "private-dns-name" => [PrivateDns(i)],
        "instance.group-id" or "group-id" => i.SecurityGroupIds,
        "instance.group-name" or "group-name" => i.SecurityGroupIds.Select(g => groupNames.GetValueOrDefault(g)),
        "architecture" => ["x86_64"],
        "root-device-type" => ["ebs"],
        "client-token" => [i.ClientToken],
        "owner-id" => [LocalAccount.Id],
        "launch-time" => [Time(i.LaunchTime)],
        "block-device-mapping.volume-id" => i.Volumes.Select(v => v.VolumeId),
        _ => null,
    };
}
