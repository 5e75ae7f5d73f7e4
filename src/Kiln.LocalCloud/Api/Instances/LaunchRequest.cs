using System.Text.RegularExpressions;
using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Api.LaunchTemplates;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>RunInstances' parameters, with a launch template's data (if one is named) as defaults.</summary>
public sealed partial record LaunchRequest(
    string ImageId, string InstanceType, string? KeyName, IReadOnlyList<string> GroupIds, IReadOnlyList<string> GroupNames,
    string? SubnetId, string? UserData, IReadOnlyList<Requests.BlockDeviceRequest> BlockDevices,
    IReadOnlyList<TagSpecification> TagSpecifications, int MinCount, int MaxCount, string? ClientToken, string? Zone,
    LaunchOptions Options, bool NoPublicIp = false)
{
    public const int MaxPerCall = 20;

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9-]+$")]
    private static partial Regex InstanceTypePattern();

    public static LaunchRequest Parse(QueryParams p, string region, StateStore state)
    {
        var template = p.Sub("LaunchTemplate") is { IsEmpty: false } lt
            ? state.Read(tx => LaunchTemplateResolver.Resolve(tx, lt.Get("LaunchTemplateId"), lt.Get("LaunchTemplateName"), lt.Get("Version")))
            : null;
        var imageId = p.Get("ImageId") ?? template?.ImageId ?? throw Ec2Errors.Missing("ImageId");
        Requests.CheckId(imageId, "ami", "InvalidAMIID.Malformed");
        var min = p.Int("MinCount") ?? throw Ec2Errors.Missing("MinCount");
        var max = p.Int("MaxCount") ?? throw Ec2Errors.Missing("MaxCount");
        if (min < 1 || max < min)
            throw Ec2Errors.InvalidValue("MinCount", $"{min}", "MinCount must be at least 1 and at most MaxCount.");
        if (min > MaxPerCall)
            throw new Ec2Exception("InstanceLimitExceeded", $"The local cloud launches at most {MaxPerCall} instances per request.");
        var type = p.Get("InstanceType") ?? template?.InstanceType ?? "t2.micro";
        if (!InstanceTypePattern().IsMatch(type)) throw Ec2Errors.InvalidValue("InstanceType", type, "It is not an instance type.");

        var nics = p.Structs("NetworkInterface");
        var groupIds = p.List("SecurityGroupId").Concat(nics.SelectMany(n => n.List("SecurityGroupId"))).Distinct().ToList();
        if (groupIds.Count == 0 && template is not null) groupIds = template.SecurityGroupIds.ToList();
        foreach (var g in groupIds) Requests.CheckId(g, "sg", "InvalidGroupId.Malformed");
        var subnet = p.NonEmpty("SubnetId") ?? nics.Select(n => n.NonEmpty("SubnetId")).FirstOrDefault(s => s is not null);

        var userData = p.Get("UserData") ?? template?.UserData;
        if (userData is not null && !IsBase64(userData))
            throw Ec2Errors.InvalidValue("UserData", "(user data)", "Invalid BASE64 encoding of user data.");
        if (userData is { Length: > 21848 }) // base64 of EC2's 16 KB limit
            throw Ec2Errors.InvalidValue("UserData", "(user data)", "User data is limited to 16384 bytes.");

        // Null: the subnet's zone, else the region's first (RunInstances decides).
        var zone = p.NonEmpty("Placement.AvailabilityZone");
        if (zone is not null && !AvailabilityZones.Names(region).Contains(zone))
            throw Ec2Errors.InvalidValue("Placement.AvailabilityZone", zone, $"Availability zones in {region} are {string.Join(", ", AvailabilityZones.Names(region))}.");

        var devices = template is null ? [] : template.BlockDevices
            .Select(b => new Requests.BlockDeviceRequest(b.DeviceName, b.VolumeSize, b.VolumeType, b.DeleteOnTermination, b.SnapshotId, false)).ToList();
        devices.AddRange(Requests.BlockDevices(p));
        var tags = (template?.TagSpecifications ?? []).Concat(Requests.TagSpecifications(p)).ToList();
        return new LaunchRequest(imageId, type, p.Get("KeyName") ?? template?.KeyName, groupIds, p.List("SecurityGroup"),
            subnet, userData, devices, tags, min, max, p.Get("ClientToken"), zone, LaunchOptions.Parse(p, type),
            // A network interface that asks for no public address: the instance is reached through another (a bastion).
            NoPublicIp: nics.Any(n => n.Bool("AssociatePublicIpAddress") == false));
    }

    private static bool IsBase64(string s)
    {
        Span<byte> buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out _);
    }
}
