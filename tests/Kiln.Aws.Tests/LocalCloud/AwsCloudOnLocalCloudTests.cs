using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests.LocalCloud;

/// <summary>AwsCloud (the real AWSSDK.EC2 and Kiln's SigV4 Query clients over HTTP) against the real local cloud:
/// the same code path Kiln uses for AWS.</summary>
public sealed class AwsCloudOnLocalCloudTests(LocalCloudFixture local) : IClassFixture<LocalCloudFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private AwsCloud Cloud => local.Cloud;

    private async Task<CloudImage> BaseImageAsync()
    {
        var images = await Cloud.FindImagesAsync("kiln-base-*", Ct);
        Assert.NotEmpty(images);
        return images.MaxBy(i => i.Created)!;
    }

    [Fact]
    public async Task Images_AreFoundByNameAndId_AndUnknownIdsAreAbsent()
    {
        var image = await BaseImageAsync();

        Assert.Equal(ImageState.Available, image.State);
        Assert.NotEmpty(image.Snapshots);
        Assert.Equal(image.Id, (await Cloud.GetImageAsync(image.Id, Ct))?.Id);
        Assert.Null(await Cloud.GetImageAsync(new ImageId("ami-00000000000000000"), Ct));
        await Cloud.DeregisterImageAsync(new ImageId("ami-00000000000000000"), Ct);
        await Cloud.DeleteSnapshotAsync(new SnapshotId("snap-00000000000000000"), Ct);
    }

    [Fact]
    public async Task KeyPair_IsCreatedFoundAndDeleted_Idempotently()
    {
        var run = RunId.New(TimeProvider.System);
        var name = new KeyPairName($"{run}-key");

        var key = await Cloud.CreateKeyPairAsync(name, KilnTags.ForTemporary(run), Ct);

        Assert.Contains("PRIVATE KEY", key.PrivateKey);
        Assert.Equal([name], await Cloud.FindKeyPairsByTagAsync(KilnTags.RunId, run.Value, Ct));
        await Cloud.DeleteKeyPairAsync(name, Ct);
        await Cloud.DeleteKeyPairAsync(name, Ct);
        Assert.Empty(await Cloud.FindKeyPairsByTagAsync(KilnTags.RunId, run.Value, Ct));
    }

    [Fact]
    public async Task SecurityGroup_IsCreatedFoundAndDeleted_Idempotently()
    {
        var run = RunId.New(TimeProvider.System);

        var group = await Cloud.CreateSecurityGroupAsync($"{run}-sg", "kiln test", "127.0.0.1/32", 22, KilnTags.ForTemporary(run), Ct);

        Assert.Equal([group], await Cloud.FindSecurityGroupsByTagAsync(KilnTags.RunId, run.Value, Ct));
        await Cloud.DeleteSecurityGroupAsync(group, Ct);
        await Cloud.DeleteSecurityGroupAsync(group, Ct);
        Assert.Empty(await Cloud.FindSecurityGroupsByTagAsync(KilnTags.RunId, run.Value, Ct));
    }

    [Fact]
    public async Task ImagesInUse_NamesEveryLaunchTemplateVersion()
    {
        var run = RunId.New(TimeProvider.System);
        var source = await BaseImageAsync();
        var created = await Cloud.Ec2CallAsync((ec2, c) => ec2.CreateLaunchTemplateAsync(new()
        {
            LaunchTemplateName = $"{run}-lt",
            LaunchTemplateData = new() { ImageId = source.Id.Value, InstanceType = "t2.nano" },
        }, c), Ct);
        var template = created.LaunchTemplate.LaunchTemplateId;
        try
        {
            Assert.Contains($"launch template {template} version 1", (await Cloud.FindImagesInUseAsync(Ct))[source.Id]);
        }
        finally
        {
            await Cloud.Ec2CallAsync((ec2, c) => ec2.DeleteLaunchTemplateAsync(new() { LaunchTemplateId = template }, c), Ct);
        }
        Assert.DoesNotContain(template, (await Cloud.FindImagesInUseAsync(Ct)).GetValueOrDefault(source.Id) ?? "");
    }

    [Fact]
    public async Task Instance_RunsOnLoopback_IsInUse_BecomesAnImage_AndIsCleanedUp()
    {
        var run = RunId.New(TimeProvider.System);
        var tags = KilnTags.ForTemporary(run);
        var source = await BaseImageAsync();
        var key = await Cloud.CreateKeyPairAsync(new KeyPairName($"{run}-key"), tags, Ct);
        var group = await Cloud.CreateSecurityGroupAsync($"{run}-sg", "kiln test", "127.0.0.1/32", 22, tags, Ct);
        InstanceId? id = null;
        ImageId? image = null;
        try
        {
            id = await Cloud.RunInstanceAsync(new InstanceRequest(source.Id, "t2.nano", Ec2WireTests.KeyPair(key.Name.Value), new SshRuleId(group.Value), tags), Ct);
            var running = await Cloud.WaitForInstanceAsync(id.Value, InstanceState.Running, TimeSpan.FromMinutes(2), Ct);

            Assert.StartsWith("127.", running.Address);
            Assert.Equal(source.Id, running.Image);
            Assert.Equal(run.Value, running.Tags[KilnTags.RunId]);
            Assert.Equal([id.Value], (await Cloud.FindInstancesByTagAsync(KilnTags.RunId, run.Value, Ct)).Select(i => i.Id));
            Assert.Contains($"instance {id}", (await Cloud.FindImagesInUseAsync(Ct))[source.Id]);

            await Cloud.StopInstanceAsync(id.Value, Ct);
            await Cloud.WaitForInstanceAsync(id.Value, InstanceState.Stopped, TimeSpan.FromMinutes(2), Ct);
            image = await Cloud.CreateImageAsync(id.Value, $"kiln-test-{run}", "made by a test", tags, Ct);
            var baked = await Cloud.WaitForImageAvailableAsync(image.Value, TimeSpan.FromMinutes(5), Ct);
            Assert.Equal($"kiln-test-{run}", baked.Name);
            Assert.Contains(baked.Id, (await Cloud.FindImagesByTagAsync(KilnTags.RunId, run.Value, Ct)).Select(i => i.Id));
        }
        finally
        {
            if (id is { } i)
            {
                await Cloud.TerminateInstanceAsync(i, Ct);
                await Cloud.WaitForInstanceAsync(i, InstanceState.Terminated, TimeSpan.FromMinutes(2), Ct);
                await Cloud.TerminateInstanceAsync(i, Ct);
            }
            if (image is { } img)
            {
                var snapshots = (await Cloud.GetImageAsync(img, Ct))?.Snapshots ?? [];
                await Cloud.DeregisterImageAsync(img, Ct);
                foreach (var s in snapshots) await Cloud.DeleteSnapshotAsync(s, Ct);
            }
            await Cloud.DeleteSecurityGroupAsync(group, Ct);
            await Cloud.DeleteKeyPairAsync(key.Name, Ct);
        }
        var gone = await Cloud.GetImageAsync(image!.Value, Ct);
        Assert.True(gone is null or { State: ImageState.Deregistered }, $"image {image} should be gone: {gone}");
    }
}
