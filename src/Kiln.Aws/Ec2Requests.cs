using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>Builds the EC2 requests whose shape matters (pure, so tests can read them without a server).</summary>
public static class Ec2Requests
{
    public static RunInstancesRequest RunInstances(InstanceRequest r, string clientToken)
    {
        var volume = r.RootVolume ?? new RootVolume();
        var request = new RunInstancesRequest
        {
            ImageId = r.Image.Value,
            InstanceType = InstanceType.FindValue(r.InstanceType),
            KeyName = r.Credential.Name,
            MinCount = 1,
            MaxCount = 1,
            // RunInstances is idempotent per ClientToken: a retried call cannot start a second instance.
            ClientToken = clientToken,
            TagSpecifications = Ec2Mapping.TagSpecs(r.Tags, ResourceType.Instance, ResourceType.Volume),
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
        return request;
    }
}
