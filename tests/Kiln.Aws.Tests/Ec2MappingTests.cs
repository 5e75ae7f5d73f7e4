using Image = Amazon.EC2.Model.Image;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

public sealed class Ec2MappingTests
{
    [Theory]
    [InlineData("pending", InstanceState.Pending)]
    [InlineData("running", InstanceState.Running)]
    [InlineData("shutting-down", InstanceState.ShuttingDown)]
    [InlineData("terminated", InstanceState.Terminated)]
    [InlineData("stopping", InstanceState.Stopping)]
    [InlineData("stopped", InstanceState.Stopped)]
    [InlineData("rebooting", InstanceState.Other)]
    public void InstanceStates(string ec2, InstanceState expected) => Assert.Equal(expected, Ec2Mapping.ToInstanceState(ec2));

    [Fact]
    public void AnImageWithoutListsOrDate_MapsToEmptyValues()
    {
        // SDK v4 leaves absent lists null.
        var image = Ec2Mapping.ToImage(new Image { ImageId = "ami-1", Name = "n" });

        Assert.Empty(image.Snapshots);
        Assert.Empty(image.Tags);
        Assert.Equal(DateTimeOffset.MinValue, image.Created);
    }

    [Fact]
    public void EmptyTags_GiveNoTagSpecification() =>
        Assert.Empty(Ec2Mapping.TagSpecs(new Dictionary<string, string>(), Amazon.EC2.ResourceType.Instance));

    [Fact]
    public void CloudException_SaysItsCode()
    {
        var e = new CloudException("InvalidAMIID.NotFound", "The image id '[ami-1]' does not exist", 400);
        Assert.Equal("InvalidAMIID.NotFound: The image id '[ami-1]' does not exist", e.Message);
        Assert.True(e.IsNotFound);
        Assert.False(new CloudException("Throttling", "Rate exceeded").IsNotFound);
    }
}
