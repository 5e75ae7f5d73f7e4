using System.Text.Json;
using Amazon.EC2.Model;
using Kiln.LocalCloud.Podman;
using Filter = Amazon.EC2.Model.Filter;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>Packer 1.6.6's amazon-ebs builder, unmodified, against the endpoint (`custom_endpoint_ec2`): it validates
/// the region, makes its temporary key pair and group, runs, provisions over SSH, stops, images, tags and cleans up.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class PackerCompatibilityTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task Packer_amazon_ebs_builds_an_image_and_leaves_nothing_temporary_behind()
    {
        var dir = Directory.CreateDirectory(Path.Combine(cloud.Paths.Home, "packer")).FullName;
        var template = new
        {
            builders = new[]
            {
                new Dictionary<string, object>
                {
                    ["type"] = "amazon-ebs", ["region"] = "ap-northeast-1", ["custom_endpoint_ec2"] = cloud.Server.Endpoint.ToString(),
                    ["source_ami"] = cloud.BaseImageId, ["instance_type"] = "t2.nano", ["ssh_username"] = "ec2-user",
                    ["ssh_timeout"] = "2m", ["ami_name"] = "packer-hoge-dev-api-base-20261126-1200",
                    ["ami_block_device_mappings"] = new[] { new { device_name = "/dev/xvda", volume_type = "gp2", volume_size = 50, delete_on_termination = true } },
                    ["tags"] = new Dictionary<string, string> { ["Name"] = "packer-built" },
                },
            },
            provisioners = new[] { new { type = "shell", inline = new[] { "sudo sh -c 'echo packer > /etc/packer-marker'" } } },
        };
        var file = Path.Combine(dir, "packer.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(template));

        var result = await ProcessRunner.RunAsync("sh", ["-c",
            "export AWS_ACCESS_KEY_ID=\"$1\" AWS_SECRET_ACCESS_KEY=\"$2\" HOME=\"$3\" CHECKPOINT_DISABLE=1 PACKER_NO_COLOR=1; " +
            "unset AWS_PROFILE AWS_DEFAULT_PROFILE; exec timeout 300 packer build -machine-readable \"$4\"",
            "sh", cloud.Server.Credentials.AccessKey, cloud.Server.Credentials.SecretKey, dir, file], CancellationToken.None);
        Assert.True(result.Ok, result.Stdout[^Math.Min(4000, result.Stdout.Length)..] + result.Stderr);

        // Packer signs for its template's region, and images are regional: look there.
        using var ec2 = LocalCloudFixture.Client(cloud.Server.Endpoint, cloud.Server.Credentials with { Region = "ap-northeast-1" });
        var image = Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["self"], Filters = [new Filter("name", ["packer-hoge-dev-api-base-*"])],
        })).Images);
        Assert.Equal("packer-built", image.Tags.Single(t => t.Key == "Name").Value);
        Assert.Equal(50, image.BlockDeviceMappings.Single().Ebs.VolumeSize);
        var snapshot = image.BlockDeviceMappings.Single().Ebs.SnapshotId;
        var snap = Assert.Single((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [snapshot] })).Snapshots);
        Assert.Equal("packer-built", snap.Tags.Single(t => t.Key == "Name").Value);

        Assert.DoesNotContain((await cloud.Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest())).KeyPairs ?? [], k => k.KeyName.StartsWith("packer_"));
        Assert.DoesNotContain((await cloud.Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest())).SecurityGroups, g => g.GroupName.StartsWith("packer_"));
        var builders = await cloud.Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag:Name", ["Packer Builder"])] });
        Assert.All(builders.Reservations.SelectMany(r => r.Instances), i => Assert.Equal(Amazon.EC2.InstanceStateName.Terminated, i.State.Name));

        await ec2.DeregisterImageAsync(new DeregisterImageRequest(image.ImageId));
        await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest(snapshot));
    }
}
