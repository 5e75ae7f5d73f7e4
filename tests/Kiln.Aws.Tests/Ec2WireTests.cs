using System.Text;
using Kiln.Aws.Tests.Fakes;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

/// <summary>What AwsCloud sends over the wire (through the real AWSSDK.EC2) and how it reads EC2's answers.</summary>
public sealed class Ec2WireTests
{
    /// <summary>A key pair as the bake's port hands it to the launch (the private key plays no part in the request).</summary>
    internal static SshCredential KeyPair(string name) => new(name, "ec2-user", "", null, Kiln.Core.Runs.ResourceKind.KeyPair);

    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Dictionary<string, string> RunTags = new() { ["kiln:run-id"] = "kiln-20260301-123400-ab12", ["kiln:temporary"] = "true" };

    [Fact]
    public async Task RunInstance_SendsEverythingTheBakeAsksFor()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "RunInstances", $"<reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>{Ec2Xml.Instance("i-0123456789abcdef0", "pending", publicIp: null)}</instancesSet>", c =>
        {
            Assert.Equal("ami-0abcdef1234567890", c["ImageId"]);
            Assert.Equal("t2.nano", c["InstanceType"]);
            Assert.Equal("kiln-key", c["KeyName"]);
            Assert.Equal("sg-0123", c["SecurityGroupId.1"]);
            Assert.Equal("1", c["MinCount"]);
            Assert.Equal("1", c["MaxCount"]);
            Assert.Equal("instance", c["TagSpecification.1.ResourceType"]);
            Assert.Equal("volume", c["TagSpecification.2.ResourceType"]);
            Assert.Equal("kiln:run-id", c["TagSpecification.1.Tag.1.Key"]);
            Assert.Equal("kiln-20260301-123400-ab12", c["TagSpecification.1.Tag.1.Value"]);
            Assert.Equal("/dev/xvda", c["BlockDeviceMapping.1.DeviceName"]);
            Assert.Equal("50", c["BlockDeviceMapping.1.Ebs.VolumeSize"]);
            Assert.Equal("gp2", c["BlockDeviceMapping.1.Ebs.VolumeType"]);
            Assert.Equal("true", c["BlockDeviceMapping.1.Ebs.DeleteOnTermination"]);
            Assert.Equal("#!/bin/sh\necho hi", Encoding.UTF8.GetString(Convert.FromBase64String(c["UserData"])));
            Assert.Equal("terminate", c["InstanceInitiatedShutdownBehavior"]);
            Assert.Equal(32, c["ClientToken"].Length);
            Assert.Null(c.Get("NetworkInterface.1.SubnetId"));
        });

        var id = await f.Cloud.RunInstanceAsync(new InstanceRequest(new ImageId("ami-0abcdef1234567890"), "t2.nano",
            KeyPair("kiln-key"), new SshRuleId("sg-0123"), RunTags, UserData: "#!/bin/sh\necho hi",
            ShutdownBehavior: "terminate"), Ct);

        Assert.Equal(new InstanceId("i-0123456789abcdef0"), id);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task RunInstance_WithSubnet_PutsSubnetPublicIpAndGroupOnTheNetworkInterface()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "RunInstances", $"<reservationId>r-1</reservationId><instancesSet>{Ec2Xml.Instance("i-1")}</instancesSet>", c =>
        {
            Assert.Equal("subnet-56f5f633", c["NetworkInterface.1.SubnetId"]);
            Assert.Equal("true", c["NetworkInterface.1.AssociatePublicIpAddress"]);
            Assert.Equal("sg-0123", c["NetworkInterface.1.SecurityGroupId.1"]);
            Assert.Equal("0", c["NetworkInterface.1.DeviceIndex"]);
            Assert.Null(c.Get("SecurityGroupId.1"));
        });

        await f.Cloud.RunInstanceAsync(new InstanceRequest(new ImageId("ami-1"), "t2.nano", KeyPair("k"),
            new SshRuleId("sg-0123"), RunTags, SubnetId: "subnet-56f5f633", AssociatePublicIp: true), Ct);

        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task GetInstance_MapsStateAddressesTagsAndReason()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", "stopped",
            tags: Ec2Xml.TagSet(("kiln:run-id", "r1")), stateReason: "Client.UserInitiatedShutdown: User initiated shutdown")),
            c => Assert.Equal("i-1", c["InstanceId.1"]));

        var instance = await f.Cloud.GetInstanceAsync(new InstanceId("i-1"), Ct);

        Assert.NotNull(instance);
        Assert.Equal(InstanceState.Stopped, instance.State);
        Assert.Equal("54.194.252.215", instance.PublicIp);
        Assert.Equal("10.0.0.12", instance.PrivateIp);
        Assert.Equal("54.194.252.215", instance.Address);
        Assert.Equal(new ImageId("ami-0abcdef1234567890"), instance.Image);
        Assert.Equal("r1", instance.Tags["kiln:run-id"]);
        Assert.Contains("User initiated shutdown", instance.StateReason);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task FindImages_AsksForOwnImagesByName_ReadsEveryPage_AndMapsSnapshots()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeImages", Ec2Xml.Images("page-2",
                Ec2Xml.Image("ami-1", "hoge-dev-api-base-20180301-1234", snapshots: ["snap-1", "snap-2"],
                    tags: Ec2Xml.TagSet(("kiln:family", "hoge-dev-api-base")))), c =>
            {
                Assert.Equal("self", c["Owner.1"]);
                Assert.Equal("name", c["Filter.1.Name"]);
                Assert.Equal("hoge-dev-api-base-*", c["Filter.1.Value.1"]);
                Assert.Null(c.Get("NextToken"));
            })
            .Expect("ec2", "DescribeImages", Ec2Xml.Images(null,
                Ec2Xml.Image("ami-2", "hoge-dev-api-base-20180302-0900", state: "pending", created: "2018-03-02T09:00:00.000Z")),
                c => Assert.Equal("page-2", c["NextToken"]));

        var images = await f.Cloud.FindImagesAsync("hoge-dev-api-base-*", Ct);

        Assert.Equal(["ami-1", "ami-2"], images.Select(i => i.Id.Value));
        var first = images[0];
        Assert.Equal("hoge-dev-api-base-20180301-1234", first.Name);
        Assert.Equal(ImageState.Available, first.State);
        Assert.Equal(new DateTimeOffset(2018, 3, 1, 12, 34, 56, TimeSpan.Zero), first.Created);
        Assert.Equal([new SnapshotId("snap-1"), new SnapshotId("snap-2")], first.Snapshots);
        Assert.Equal("hoge-dev-api-base", first.Tags["kiln:family"]);
        Assert.Equal("kiln bake", first.Description);
        Assert.Equal(ImageState.Pending, images[1].State);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task FindByTag_UsesTheTagFilter_ForImagesInstancesKeyPairsAndGroups()
    {
        await using var f = await FakeCloud.StartAsync();
        void TagFilter(FakeCall c) { Assert.Equal("tag:kiln:run-id", c["Filter.1.Name"]); Assert.Equal("r1", c["Filter.1.Value.1"]); }
        f.Fake.Expect("ec2", "DescribeImages", Ec2Xml.Images(null, Ec2Xml.Image("ami-1", "x")), TagFilter)
            .Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1")), TagFilter)
            .Expect("ec2", "DescribeKeyPairs", "<keySet><item><keyPairId>key-1</keyPairId><keyName>kiln-r1</keyName><keyFingerprint>1f:51</keyFingerprint></item></keySet>", TagFilter)
            .Expect("ec2", "DescribeSecurityGroups", "<securityGroupInfo><item><ownerId>123456789012</ownerId><groupId>sg-1</groupId><groupName>kiln-r1</groupName><groupDescription>d</groupDescription><vpcId>vpc-1</vpcId></item></securityGroupInfo>", TagFilter);

        Assert.Single(await f.Cloud.FindImagesByTagAsync("kiln:run-id", "r1", Ct));
        Assert.Equal([new InstanceId("i-1")], (await f.Cloud.FindInstancesByTagAsync("kiln:run-id", "r1", Ct)).Select(i => i.Id));
        Assert.Equal([new KeyPairName("kiln-r1")], await f.Cloud.FindKeyPairsByTagAsync("kiln:run-id", "r1", Ct));
        Assert.Equal([new SecurityGroupId("sg-1")], await f.Cloud.FindSecurityGroupsByTagAsync("kiln:run-id", "r1", Ct));
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task CreateImage_TagsImageAndSnapshot()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateImage", "<imageId>ami-4fa54026</imageId>", c =>
        {
            Assert.Equal("i-1", c["InstanceId"]);
            Assert.Equal("hoge-dev-api-base-20260301-1234", c["Name"]);
            Assert.Equal("baked by kiln", c["Description"]);
            Assert.Equal("image", c["TagSpecification.1.ResourceType"]);
            Assert.Equal("snapshot", c["TagSpecification.2.ResourceType"]);
            Assert.Equal("kiln:family", c["TagSpecification.2.Tag.1.Key"]);
        });

        var id = await f.Cloud.CreateImageAsync(new InstanceId("i-1"), "hoge-dev-api-base-20260301-1234", "baked by kiln",
            new Dictionary<string, string> { ["kiln:family"] = "hoge-dev-api-base" }, Ct);

        Assert.Equal(new ImageId("ami-4fa54026"), id);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task CreateSecurityGroup_CreatesWithTags_ThenOpensOnlyThePortFromTheCidr()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateSecurityGroup", "<return>true</return><groupId>sg-0a42d66a</groupId>", c =>
            {
                Assert.Equal("kiln-r1", c["GroupName"]);
                Assert.Equal("kiln temporary", c["GroupDescription"]);
                Assert.Null(c.Get("VpcId"));
                Assert.Equal("security-group", c["TagSpecification.1.ResourceType"]);
            })
            .Expect("ec2", "AuthorizeSecurityGroupIngress", Ec2Xml.True, c =>
            {
                Assert.Equal("sg-0a42d66a", c["GroupId"]);
                Assert.Equal("tcp", c["IpPermissions.1.IpProtocol"]);
                Assert.Equal("22", c["IpPermissions.1.FromPort"]);
                Assert.Equal("22", c["IpPermissions.1.ToPort"]);
                Assert.Equal("203.0.113.7/32", c["IpPermissions.1.IpRanges.1.CidrIp"]);
            });

        var id = await f.Cloud.CreateSecurityGroupAsync("kiln-r1", "kiln temporary", "203.0.113.7/32", 22, RunTags, Ct);

        Assert.Equal(new SecurityGroupId("sg-0a42d66a"), id);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task CreateKeyPair_ReturnsThePrivateKey_WhichToStringHides()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateKeyPair", "<keyName>kiln-r1</keyName><keyFingerprint>1f:51:ae</keyFingerprint><keyMaterial>-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAK\n-----END RSA PRIVATE KEY-----</keyMaterial><keyPairId>key-0123</keyPairId>", c =>
        {
            Assert.Equal("kiln-r1", c["KeyName"]);
            Assert.Equal("rsa", c["KeyType"]);
            Assert.Equal("key-pair", c["TagSpecification.1.ResourceType"]);
        });

        var key = await f.Cloud.CreateKeyPairAsync(new KeyPairName("kiln-r1"), RunTags, Ct);

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", key.PrivateKey);
        Assert.DoesNotContain("MIIEowIBAAK", key.ToString());
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task EmptyTags_SendNoTagSpecification()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateImage", "<imageId>ami-1</imageId>", c => Assert.Null(c.Get("TagSpecification.1.ResourceType")));

        await f.Cloud.CreateImageAsync(new InstanceId("i-1"), "n", "d", new Dictionary<string, string>(), Ct);
        await f.Cloud.TagAsync("ami-1", new Dictionary<string, string>(), Ct); // nothing to send

        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task StopAndTerminate_NameTheInstance()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "StopInstances", Ec2Xml.InstanceStateChange("i-1", "stopping", "running"), c => Assert.Equal("i-1", c["InstanceId.1"]))
            .Expect("ec2", "TerminateInstances", Ec2Xml.InstanceStateChange("i-1", "shutting-down", "stopped"), c => Assert.Equal("i-1", c["InstanceId.1"]))
            .Expect("ec2", "CreateTags", Ec2Xml.True, c =>
            {
                Assert.Equal("snap-1", c["ResourceId.1"]);
                Assert.Equal("Name", c["Tag.1.Key"]);
                Assert.Equal("web", c["Tag.1.Value"]);
            });

        await f.Cloud.StopInstanceAsync(new InstanceId("i-1"), Ct);
        await f.Cloud.TerminateInstanceAsync(new InstanceId("i-1"), Ct);
        await f.Cloud.TagAsync("snap-1", new Dictionary<string, string> { ["Name"] = "web" }, Ct);

        f.Fake.VerifyDone();
    }
}
