using Kiln.Core.Cloud;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.AutoScaling;

[Collection(LocalCloudCollection.Name)]
public sealed class DescribeGroupsTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task Auto_Scaling_calls_are_routed_by_the_signing_service_and_answer_in_its_shape()
    {
        using var aws = AsgCloud.For(cloud);
        var none = await aws.AutoScaling.DescribeAutoScalingGroupsAsync(["no-such-group"], CancellationToken.None);
        Assert.Empty(none);
        // Retention asks every service: it must answer, not fail with InvalidAction.
        var inUse = await aws.FindImagesInUseAsync(CancellationToken.None);
        Assert.NotNull(inUse);
        var bad = await Assert.ThrowsAsync<CloudException>(() =>
            aws.AutoScaling.Transport.CallAsync(aws.AutoScaling.Transport.NewForm("NoSuchAction"), CancellationToken.None));
        Assert.Equal("InvalidAction", bad.Code);
    }
}
