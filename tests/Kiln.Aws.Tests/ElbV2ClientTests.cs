using Kiln.Aws.ElbV2;
using Kiln.Aws.Tests.Fakes;

namespace Kiln.Aws.Tests;

public sealed class ElbV2ClientTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/73e2d6bc24d8a067";

    [Fact]
    public async Task DescribeTargetHealth_ParsesStatesAndReasons()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("elasticloadbalancing", "DescribeTargetHealth", """
            <TargetHealthDescriptions>
              <member><HealthCheckPort>80</HealthCheckPort><TargetHealth><State>healthy</State></TargetHealth><Target><Port>80</Port><Id>i-0376fadf</Id></Target></member>
              <member><HealthCheckPort>80</HealthCheckPort><TargetHealth><State>unhealthy</State><Reason>Target.ResponseCodeMismatch</Reason><Description>Health checks failed with these codes: [404]</Description></TargetHealth><Target><Port>80</Port><Id>i-0f76fade</Id></Target></member>
            </TargetHealthDescriptions>
            """, c => Assert.Equal(Arn, c["TargetGroupArn"]));

        var health = await f.Cloud.ElbV2.DescribeTargetHealthAsync(Arn, Ct);

        Assert.Equal([new TargetHealth("i-0376fadf", 80, "healthy", null, null),
            new TargetHealth("i-0f76fade", 80, "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]")], health);
        Assert.Equal([true, false], health.Select(h => h.IsHealthy));
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task CreateTargetGroup_EncodesTheRequest_AndReturnsTheGroup()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("elasticloadbalancing", "CreateTargetGroup", $"<TargetGroups>{AutoScalingXml.TargetGroup("web", Arn)}</TargetGroups>", c =>
        {
            Assert.Equal(("web", "HTTP", "80"), (c["Name"], c["Protocol"], c["Port"]));
            Assert.Equal("vpc-3ac0fb5f", c["VpcId"]);
            Assert.Equal("/health", c["HealthCheckPath"]);
            Assert.Equal(("kiln:family", "hoge-prd-api-base"), (c["Tags.member.1.Key"], c["Tags.member.1.Value"]));
        });

        var group = await f.Cloud.ElbV2.CreateTargetGroupAsync(new CreateTargetGroupRequest("web", "HTTP", 80)
        {
            VpcId = "vpc-3ac0fb5f", HealthCheckPath = "/health",
            Tags = new Dictionary<string, string> { ["kiln:family"] = "hoge-prd-api-base" },
        }, Ct);

        Assert.Equal(Arn, group.Arn);
        Assert.Equal(("web", "HTTP", 80, "vpc-3ac0fb5f", "instance", "/health"),
            (group.Name, group.Protocol, group.Port, group.VpcId, group.TargetType, group.HealthCheckPath));
        Assert.Single(group.LoadBalancerArns);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task DescribeTargetGroups_FollowsNextMarker_AndFindReturnsNullWhenNotFound()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("elasticloadbalancing", "DescribeTargetGroups", $"<TargetGroups>{AutoScalingXml.TargetGroup("a", Arn + "a")}</TargetGroups><NextMarker>m2</NextMarker>",
                c => Assert.Null(c.Get("Marker")))
            .Expect("elasticloadbalancing", "DescribeTargetGroups", $"<TargetGroups>{AutoScalingXml.TargetGroup("b", Arn + "b")}</TargetGroups>",
                c => Assert.Equal("m2", c["Marker"]))
            .ExpectError("elasticloadbalancing", "DescribeTargetGroups", "TargetGroupNotFound", 400, "One or more target groups not found",
                c => Assert.Equal("nope", c["Names.member.1"]));

        var all = await f.Cloud.ElbV2.DescribeTargetGroupsAsync(null, null, Ct);
        var missing = await f.Cloud.ElbV2.FindTargetGroupAsync("nope", Ct);

        Assert.Equal(["a", "b"], all.Select(g => g.Name));
        Assert.Null(missing);
        f.Fake.VerifyDone();
    }
}
