using Kiln.Core.Cloud;

namespace Kiln.Core.Tests.Cloud;

public sealed class ImageStatesTests
{
    [Theory]
    [InlineData("available", ImageState.Available)]
    [InlineData("pending", ImageState.Pending)]
    [InlineData("failed", ImageState.Failed)]
    [InlineData("error", ImageState.Failed)]
    [InlineData("invalid", ImageState.Failed)]
    [InlineData("deregistered", ImageState.Deregistered)]
    [InlineData("transient", ImageState.Other)]
    [InlineData(null, ImageState.Other)]
    public void Ec2s_state_names(string? ec2, ImageState expected) => Assert.Equal(expected, ImageStates.FromEc2(ec2));
}
