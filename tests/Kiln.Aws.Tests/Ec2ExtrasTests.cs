using Kiln.Aws.Tests.Fakes;
using Kiln.Core;

namespace Kiln.Aws.Tests;

/// <summary>What AwsCloud offers beyond the port: source_ami_filter queries, key types, groups in a subnet's VPC.</summary>
public sealed class Ec2ExtrasTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task SourceAmiFilter_SendsEveryFilterAndOwner()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeImages", Ec2Xml.Images(null, Ec2Xml.Image("ami-0a1b", "amzn2-ami-hvm-2.0.20180301-x86_64-gp2")), c =>
        {
            Assert.Equal(("amazon", "137112412989"), (c["Owner.1"], c["Owner.2"]));
            var filters = Enumerable.Range(1, 2).ToDictionary(i => c[$"Filter.{i}.Name"], i => c[$"Filter.{i}.Value.1"]);
            Assert.Equal("amzn2-ami-hvm-*-x86_64-gp2", filters["name"]);
            Assert.Equal("hvm", filters["virtualization-type"]);
        });

        var images = await f.Cloud.FindImagesAsync(
            new Dictionary<string, string> { ["name"] = "amzn2-ami-hvm-*-x86_64-gp2", ["virtualization-type"] = "hvm" },
            ["amazon", "137112412989"], Ct);

        Assert.Equal(new ImageId("ami-0a1b"), Assert.Single(images).Id);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Ed25519KeyPair_AndGroupInTheSubnetsVpc()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateKeyPair", "<keyName>k</keyName><keyMaterial>-----BEGIN OPENSSH PRIVATE KEY-----</keyMaterial>",
                c => Assert.Equal("ed25519", c["KeyType"]))
            .Expect("ec2", "DescribeSubnets", "<subnetSet><item><subnetId>subnet-9d4a7b6c</subnetId><state>available</state><vpcId>vpc-a01106c2</vpcId><cidrBlock>10.0.1.0/24</cidrBlock><availabilityZone>ap-northeast-1a</availabilityZone></item></subnetSet>",
                c => Assert.Equal("subnet-9d4a7b6c", c["SubnetId.1"]))
            .Expect("ec2", "CreateSecurityGroup", "<return>true</return><groupId>sg-1</groupId>", c => Assert.Equal("vpc-a01106c2", c["VpcId"]))
            .Expect("ec2", "AuthorizeSecurityGroupIngress", Ec2Xml.True)
            .ExpectError("ec2", "DescribeSubnets", "InvalidSubnetID.NotFound", 400, "The subnet ID 'subnet-gone' does not exist");

        await f.Cloud.CreateKeyPairAsync(new KeyPairName("k"), new Dictionary<string, string>(), "ed25519", Ct);
        var vpc = await f.Cloud.FindVpcOfSubnetAsync("subnet-9d4a7b6c", Ct);
        await f.Cloud.CreateSecurityGroupAsync("g", "d", "10.0.0.0/8", 22, new Dictionary<string, string>(), vpc, Ct);

        Assert.Null(await f.Cloud.FindVpcOfSubnetAsync("subnet-gone", Ct));
        f.Fake.VerifyDone();
    }
}

public sealed class Ec2CallTests
{
    [Fact]
    public async Task Ec2CallAsync_AddsRetriesAndCodes_ToCallsOutsideThePort()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "CreateLaunchTemplate", "RequestLimitExceeded", 503)
            .Expect("ec2", "CreateLaunchTemplate", "<launchTemplate><launchTemplateId>lt-01238c059e3466abc</launchTemplateId><launchTemplateName>web</launchTemplateName><defaultVersionNumber>1</defaultVersionNumber><latestVersionNumber>1</latestVersionNumber></launchTemplate>",
                c => Assert.Equal("ami-1", c["LaunchTemplateData.ImageId"]))
            .ExpectError("ec2", "CreateLaunchTemplate", "InvalidLaunchTemplateName.AlreadyExistsException", 400, "Launch template name already in use.");

        Amazon.EC2.Model.CreateLaunchTemplateRequest Request() => new()
        {
            LaunchTemplateName = "web", LaunchTemplateData = new() { ImageId = "ami-1", InstanceType = "t2.nano" },
        };
        var created = await f.Cloud.Ec2CallAsync((ec2, c) => ec2.CreateLaunchTemplateAsync(Request(), c), CancellationToken.None);
        var e = await Assert.ThrowsAsync<Kiln.Core.Cloud.CloudException>(() =>
            f.Cloud.Ec2CallAsync((ec2, c) => ec2.CreateLaunchTemplateAsync(Request(), c), CancellationToken.None));

        Assert.Equal("lt-01238c059e3466abc", created.LaunchTemplate.LaunchTemplateId);
        Assert.Equal("InvalidLaunchTemplateName.AlreadyExistsException", e.Code);
        Assert.Single(f.Retries);
        f.Fake.VerifyDone();
    }
}
