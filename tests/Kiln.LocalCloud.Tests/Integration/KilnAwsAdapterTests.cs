using Amazon.EC2.Model;
using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>Kiln's own AWS adapter (AWSSDK.EC2 plus its Query client for Auto Scaling) against the endpoint: the
/// services are told apart by the name a request is signed for, each answering in its own XML shape.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class KilnAwsAdapterTests(LocalCloudFixture cloud)
{
    private AwsCloud Adapter() => cloud.Adapter();

    [Fact]
    public async Task Images_in_use_are_found_through_instances_launch_templates_and_Auto_Scaling()
    {
        await cloud.Ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "in-use", LaunchTemplateData = new RequestLaunchTemplateData { ImageId = cloud.BaseImageId },
        });
        try
        {
            var inUse = await Adapter().FindImagesInUseAsync(CancellationToken.None);
            Assert.Contains("launch template", inUse[new ImageId(cloud.BaseImageId)]);
        }
        finally
        {
            await cloud.Ec2.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateName = "in-use" });
        }
    }

    [Fact]
    public async Task An_Auto_Scaling_action_not_served_yet_is_InvalidAction_in_the_Query_error_shape()
    {
        var transport = Adapter().AutoScaling.Transport;
        var e = await Assert.ThrowsAsync<CloudException>(() =>
            transport.CallAsync(transport.NewForm("DescribeScalingActivities"), CancellationToken.None));
        Assert.Equal(("InvalidAction", 400), (e.Code, e.StatusCode));
    }
}
