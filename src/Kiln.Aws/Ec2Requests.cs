using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>Builds the EC2 requests whose shape matters (pure, so tests can read them without a server).</summary>
public static class Ec2Requests
{
    /// <summary>RunInstances as Packer's amazon-ebs sends it; <paramref name="instanceType"/>: one of the spot
    /// instance types to try instead of the request's own.</summary>
    public static RunInstancesRequest RunInstances(InstanceRequest r, string clientToken, string? instanceType = null)
    {
        var volume = r.RootVolume ?? new RootVolume();
        var ec2 = r.Ec2 ?? new Ec2Launch();
        var request = new RunInstancesRequest
        {
            ImageId = r.Image.Value,
            InstanceType = InstanceType.FindValue(instanceType ?? r.InstanceType),
            // Empty: no key pair (a private key file or agent key the source image already accepts).
            KeyName = r.Credential.Name.Length == 0 ? null : r.Credential.Name,
            MinCount = 1,
            MaxCount = 1,
            // RunInstances is idempotent per ClientToken: a retried call cannot start a second instance.
            ClientToken = clientToken,
            TagSpecifications = TagSpecs(r, ec2),
            BlockDeviceMappings =
            [
                new BlockDeviceMapping
                {
                    DeviceName = volume.DeviceName,
                    Ebs = new EbsBlockDevice { VolumeSize = volume.SizeGb, VolumeType = VolumeType.FindValue(volume.VolumeType), DeleteOnTermination = true },
                },
            ],
            UserData = r.UserData is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(r.UserData)),
            InstanceInitiatedShutdownBehavior = r.ShutdownBehavior is null ? null : ShutdownBehavior.FindValue(r.ShutdownBehavior),
        };
        if (r.SubnetId is not null || r.AssociatePublicIp is not null)
        {
            // EC2 refuses top-level SecurityGroupIds together with a network interface: the group goes on the interface.
            request.NetworkInterfaces =
            [
                new InstanceNetworkInterfaceSpecification
                {
                    DeviceIndex = 0, SubnetId = r.SubnetId, AssociatePublicIpAddress = r.AssociatePublicIp,
                    Groups = [r.SshRule.Value], DeleteOnTermination = true,
                },
            ];
        }
        else request.SecurityGroupIds = [r.SshRule.Value];
        AddEc2Options(request, ec2);
        return request;
    }

    /// <summary>The instance gets the run's tags; its volumes run_volume_tags (when given) with the run's own `kiln:`
    /// tags, else the instance's; a spot request spot_tags with the run's own tags, so every part is traceable.</summary>
    private static List<TagSpecification> TagSpecs(InstanceRequest r, Ec2Launch ec2)
    {
        var kiln = r.Tags.Where(t => t.Key.StartsWith("kiln:", StringComparison.Ordinal)).ToList();
        if (ec2.VolumeTags.Count == 0 && ec2.Spot is null) return Ec2Mapping.TagSpecs(r.Tags, ResourceType.Instance, ResourceType.Volume);
        var specs = Ec2Mapping.TagSpecs(r.Tags, ResourceType.Instance);
        specs.AddRange(Ec2Mapping.TagSpecs(ec2.VolumeTags.Count == 0 ? r.Tags : With(ec2.VolumeTags, kiln), ResourceType.Volume));
        if (ec2.Spot is { } spot) specs.AddRange(Ec2Mapping.TagSpecs(With(spot.Tags, kiln), ResourceType.SpotInstancesRequest));
        return specs;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> tags, IEnumerable<KeyValuePair<string, string>> more)
    {
        var all = new Dictionary<string, string>(tags);
        foreach (var (k, v) in more) all[k] = v;
        return all;
    }

    private static void AddEc2Options(RunInstancesRequest request, Ec2Launch ec2)
    {
        if (ec2.IamInstanceProfile is { } profile)
            request.IamInstanceProfile = profile.StartsWith("arn:", StringComparison.Ordinal)
                ? new IamInstanceProfileSpecification { Arn = profile } : new IamInstanceProfileSpecification { Name = profile };
        if (ec2.Metadata is { } m)
            request.MetadataOptions = new InstanceMetadataOptionsRequest
            {
                HttpEndpoint = InstanceMetadataEndpointState.FindValue(m.HttpEndpoint), HttpTokens = HttpTokensState.FindValue(m.HttpTokens),
                HttpPutResponseHopLimit = m.HopLimit, InstanceMetadataTags = InstanceMetadataTagsState.FindValue(m.InstanceMetadataTags),
            };
        if (ec2.Spot is { } spot)
            request.InstanceMarketOptions = new InstanceMarketOptionsRequest
            {
                MarketType = MarketType.Spot,
                SpotOptions = new SpotMarketOptions
                {
                    MaxPrice = spot.MaxPrice, SpotInstanceType = SpotInstanceType.OneTime,
                    InstanceInterruptionBehavior = InstanceInterruptionBehavior.Terminate,
                },
            };
        if (ec2.EbsOptimized) request.EbsOptimized = true;
        if (ec2.UnlimitedCredits) request.CreditSpecification = new CreditSpecificationRequest { CpuCredits = "unlimited" };
        if (ec2.AvailabilityZone is { } zone) request.Placement = new Placement { AvailabilityZone = zone };
    }
}
