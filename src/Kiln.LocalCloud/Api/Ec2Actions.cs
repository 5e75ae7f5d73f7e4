using Kiln.LocalCloud.Api.Images;
using Kiln.LocalCloud.Api.Instances;
using Kiln.LocalCloud.Api.KeyPairs;
using Kiln.LocalCloud.Api.LaunchTemplates;
using Kiln.LocalCloud.Api.Network;
using Kiln.LocalCloud.Api.Regions;
using Kiln.LocalCloud.Api.SecurityGroups;
using Kiln.LocalCloud.Api.Sharing;
using Kiln.LocalCloud.Api.Snapshots;
using Kiln.LocalCloud.Api.Tagging;
using Kiln.LocalCloud.Api.Volumes;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Api;

/// <summary>Every EC2 action the local cloud answers; anything else is InvalidAction.</summary>
public static class Ec2Actions
{
    public static ActionTable Table() => new ActionTable()
        .Add("DescribeImages", DescribeImages.Handle)
        .Add("CreateImage", CreateImage.HandleAsync)
        .Add("DeregisterImage", DeregisterImage.HandleAsync)
        .Add("CopyImage", CopyImage.HandleAsync)
        .Add("ModifyImageAttribute", ImageAttributes.Modify)
        .Add("DescribeImageAttribute", ImageAttributes.Describe)
        .Add("ResetImageAttribute", ImageAttributes.Reset)
        .Add("ModifySnapshotAttribute", SnapshotAttributes.Modify)
        .Add("DescribeSnapshotAttribute", SnapshotAttributes.Describe)
        .Add("ResetSnapshotAttribute", SnapshotAttributes.Reset)
        .Add("DescribeSnapshots", DescribeSnapshots.Handle)
        .Add("DeleteSnapshot", DeleteSnapshot.Handle)
        .Add("RunInstances", RunInstances.HandleAsync)
        .Add("DescribeInstances", DescribeInstances.Handle)
        .Add("DescribeInstanceStatus", DescribeInstanceStatus.Handle)
        .Add("ModifyInstanceAttribute", InstanceAttributes.Modify)
        .Add("DescribeInstanceCreditSpecifications", InstanceAttributes.DescribeCredits)
        .Add("DescribeSpotInstanceRequests", DescribeSpotInstanceRequests.Handle)
        .Add("StopInstances", StopInstances.HandleAsync)
        .Add("StartInstances", StartInstances.HandleAsync)
        .Add("TerminateInstances", TerminateInstances.HandleAsync)
        .Add("DescribeVolumes", DescribeVolumes.Handle)
        .Add("CreateKeyPair", CreateKeyPair.HandleAsync)
        .Add("ImportKeyPair", ImportKeyPair.Handle)
        .Add("DescribeKeyPairs", DescribeKeyPairs.Handle)
        .Add("DeleteKeyPair", DeleteKeyPair.Handle)
        .Add("CreateSecurityGroup", CreateSecurityGroup.Handle)
        .Add("DescribeSecurityGroups", DescribeSecurityGroups.Handle)
        .Add("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngress.Handle)
        .Add("DeleteSecurityGroup", DeleteSecurityGroup.Handle)
        .Add("CreateTags", CreateTags.Handle)
        .Add("DeleteTags", DeleteTags.Handle)
        .Add("DescribeTags", DescribeTags.Handle)
        .Add("DescribeRegions", DescribeRegions.Handle)
        .Add("DescribeAvailabilityZones", DescribeAvailabilityZones.Handle)
        .Add("DescribeVpcs", DescribeVpcs.Handle)
        .Add("DescribeSubnets", DescribeSubnets.Handle)
        .Add("CreateLaunchTemplate", CreateLaunchTemplate.Handle)
        .Add("CreateLaunchTemplateVersion", CreateLaunchTemplateVersion.Handle)
        .Add("DescribeLaunchTemplates", DescribeLaunchTemplates.Handle)
        .Add("DescribeLaunchTemplateVersions", DescribeLaunchTemplateVersions.Handle)
        .Add("ModifyLaunchTemplate", ModifyLaunchTemplate.Handle)
        .Add("DeleteLaunchTemplate", DeleteLaunchTemplate.Handle);
}
