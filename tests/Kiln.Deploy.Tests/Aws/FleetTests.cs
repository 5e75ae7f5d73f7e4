using Kiln.Deploy.Aws;
using Kiln.Aws.AutoScaling;

namespace Kiln.Deploy.Tests.Aws;

public sealed class FleetTests
{
    private static AutoScalingGroup Group(string name, int desired = 0, bool attached = false, string? deploy = null, string? rollback = null) =>
        new(name, null, null, null, 0, 4, desired, [], attached ? ["arn:tg"] : [],
            [.. deploy is null ? Array.Empty<AsgTag>() : [new AsgTag(DeployTags.Deploy, deploy)],
             .. rollback is null ? Array.Empty<AsgTag>() : [new AsgTag(DeployTags.Rollback, rollback)]],
            null, null, null, null, null);

    [Theory]
    [InlineData("web", "web", 1)]
    [InlineData("web", "web-v002", 2)]
    [InlineData("web", "web-v013", 13)]
    [InlineData("web", "web-v02", null)]
    [InlineData("web", "webapp-v002", null)]
    [InlineData("web", "web-api-v002", null)]
    [InlineData("web-api", "web-api-v002", 2)]
    public void Generation_comes_from_the_name(string deploy, string group, int? generation) =>
        Assert.Equal(generation, Fleet.Generation(deploy, group));

    [Fact]
    public void The_current_group_is_the_newest_with_capacity_and_target_groups()
    {
        var groups = new[] { Group("web", 2, true), Group("web-v002", 2, true, "web"), Group("web-v003", 0, false, "web"), Group("other", 2, true) };
        Assert.Equal("web-v002", Fleet.Current("web", groups)!.Name);
        Assert.Equal("web-v004", Fleet.NextName("web", groups));
        Assert.Equal("web-v002", Fleet.NextName("web", [Group("web", 2, true)]));
        Assert.Null(Fleet.Current("web", [Group("web-v002", 2, true)])); // not tagged: another deploy's name
    }

    [Theory]
    [InlineData("group:web", "web", null)]
    [InlineData("version:3", null, 3)]
    [InlineData("version:x", null, null)]
    [InlineData(null, null, null)]
    public void Rollback_target_is_read_from_the_tag(string? tag, string? group, int? version) =>
        Assert.Equal((group, version), Fleet.RollbackTarget(Group("web", rollback: tag)));
}
