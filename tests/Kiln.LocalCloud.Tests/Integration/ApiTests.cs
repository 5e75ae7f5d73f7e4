using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Filter = Amazon.EC2.Model.Filter;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The API surface that needs no container: tags, launch templates, regions, network, key import.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class ApiTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task Tags_are_created_described_filtered_and_deleted()
    {
        var ec2 = cloud.Ec2;
        var group = await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("tagged", "tags"));
        await ec2.CreateTagsAsync(new CreateTagsRequest([group.GroupId], [new Tag("kiln:run-id", "r1"), new Tag("env", "dev")]));
        var described = await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [group.GroupId])] });
        Assert.Equal(["env", "kiln:run-id"], described.Tags.Select(t => t.Key).Order());
        Assert.All(described.Tags, t => Assert.Equal(ResourceType.SecurityGroup, t.ResourceType));
        var byTag = await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("tag:kiln:run-id", ["r*"])] });
        Assert.Equal(group.GroupId, Assert.Single(byTag.SecurityGroups).GroupId);

        await ec2.DeleteTagsAsync(new DeleteTagsRequest([group.GroupId]) { Tags = [new Tag("env", "prd")] }); // wrong value: kept
        await ec2.DeleteTagsAsync(new DeleteTagsRequest([group.GroupId]) { Tags = [new Tag { Key = "kiln:run-id" }] });
        var left = await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [group.GroupId])] });
        Assert.Equal("env", Assert.Single(left.Tags).Key);

        var missing = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.CreateTagsAsync(new CreateTagsRequest(["ami-12345678"], [new Tag("a", "b")])));
        Assert.Equal("InvalidAMIID.NotFound", missing.ErrorCode);
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId });
    }

    [Fact]
    public async Task Launch_templates_keep_versions_and_a_default()
    {
        var ec2 = cloud.Ec2;
        var created = await ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "hoge-dev-api",
            LaunchTemplateData = new RequestLaunchTemplateData
            {
                ImageId = cloud.BaseImageId, InstanceType = InstanceType.T2Nano,
                UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes("#!/bin/sh\ntrue\n")),
            },
        });
        var id = created.LaunchTemplate.LaunchTemplateId;
        Assert.Equal(1, created.LaunchTemplate.LatestVersionNumber);
        var v2 = await ec2.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest
        {
            LaunchTemplateId = id, SourceVersion = "1", LaunchTemplateData = new RequestLaunchTemplateData { InstanceType = InstanceType.T3Micro },
        });
        Assert.Equal(2, v2.LaunchTemplateVersion.VersionNumber);
        Assert.Equal(cloud.BaseImageId, v2.LaunchTemplateVersion.LaunchTemplateData.ImageId); // from the source version
        Assert.Equal(InstanceType.T3Micro, v2.LaunchTemplateVersion.LaunchTemplateData.InstanceType);

        await ec2.ModifyLaunchTemplateAsync(new ModifyLaunchTemplateRequest { LaunchTemplateId = id, DefaultVersion = "2" });
        var versions = await ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest
        {
            LaunchTemplateName = "hoge-dev-api", Versions = ["$Default", "$Latest", "1"],
        });
        Assert.Equal([1L, 2L], versions.LaunchTemplateVersions.Select(v => v.VersionNumber ?? 0).Order());
        Assert.True(versions.LaunchTemplateVersions.Single(v => v.VersionNumber == 2).DefaultVersion);

        var dup = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "hoge-dev-api", LaunchTemplateData = new RequestLaunchTemplateData { ImageId = cloud.BaseImageId },
        }));
        Assert.Equal("InvalidLaunchTemplateName.AlreadyExistsException", dup.ErrorCode);
        var noVersion = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeLaunchTemplateVersionsAsync(
            new DescribeLaunchTemplateVersionsRequest { LaunchTemplateId = id, Versions = ["9"] }));
        Assert.Equal("InvalidLaunchTemplateId.VersionNotFound", noVersion.ErrorCode);

        var deleted = await ec2.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateId = id });
        Assert.Equal("hoge-dev-api", deleted.LaunchTemplate.LaunchTemplateName);
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { LaunchTemplateIds = [id] }));
        Assert.Equal("InvalidLaunchTemplateId.NotFound", gone.ErrorCode);
    }

    [Fact]
    public async Task Regions_zones_and_the_default_network_answer_for_the_signed_region()
    {
        var regions = await cloud.Ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
        Assert.Contains(regions.Regions, r => r.RegionName == "ap-northeast-1");
        var zones = await cloud.Ec2.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest());
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], zones.AvailabilityZones.Select(z => z.ZoneName));
        Assert.Equal("use1-az1", zones.AvailabilityZones[0].ZoneId);
        var vpc = Assert.Single((await cloud.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter("is-default", ["true"])] })).Vpcs);
        // One default subnet per zone, as in an AWS account's default VPC; the first zone's keeps the local cloud's old id.
        var subnets = (await cloud.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpc.VpcId])] })).Subnets;
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], subnets.Select(s => s.AvailabilityZone));
        Assert.Equal(LocalCloud.State.LocalAccount.SubnetId, subnets[0].SubnetId);
        Assert.Equal(3, subnets.Select(s => s.CidrBlock).Distinct().Count());
        var inB = Assert.Single((await cloud.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("availability-zone", ["us-east-1b"])] })).Subnets);
        Assert.Equal(subnets[1].SubnetId, inB.SubnetId);
    }

    [Fact]
    public async Task An_imported_public_key_is_described_with_its_fingerprint()
    {
        var key = Api.KeyPairs.KeyMaterial.CreateRsa();
        var imported = await cloud.Ec2.ImportKeyPairAsync(new ImportKeyPairRequest("imported", key.PublicKey));
        var described = Assert.Single((await cloud.Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest
        {
            KeyNames = ["imported"], IncludePublicKey = true,
        })).KeyPairs);
        Assert.Equal(imported.KeyFingerprint, described.KeyFingerprint);
        Assert.Equal(key.PublicKey, described.PublicKey);
        Assert.Equal(KeyType.Rsa, described.KeyType);
        await cloud.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyPairId = imported.KeyPairId });
        Assert.Empty((await cloud.Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { Filters = [new Filter("key-name", ["imported"])] })).KeyPairs ?? []);
    }
}
