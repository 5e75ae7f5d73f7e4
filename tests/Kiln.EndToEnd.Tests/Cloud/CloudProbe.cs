using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;

namespace Kiln.EndToEnd.Tests.Cloud;

/// <summary>What is in the local cloud, seen the way any AWS client sees it: through the AWS SDK over HTTP.</summary>
public sealed record CloudInventory(
    IReadOnlySet<string> Instances, IReadOnlySet<string> KeyPairs, IReadOnlySet<string> Groups,
    IReadOnlySet<string> Images, IReadOnlySet<string> Snapshots)
{
    /// <summary>What is here and was not in <paramref name="before"/>, one line per resource ("" when nothing).</summary>
    public string NewSince(CloudInventory before) => string.Join('\n',
        New("instance", Instances, before.Instances).Concat(New("key pair", KeyPairs, before.KeyPairs))
            .Concat(New("security group", Groups, before.Groups)).Concat(New("image", Images, before.Images))
            .Concat(New("snapshot", Snapshots, before.Snapshots)));

    private static IEnumerable<string> New(string kind, IReadOnlySet<string> now, IReadOnlySet<string> before) =>
        now.Except(before).Select(id => $"{kind} {id}");
}

/// <summary>Reads and arranges the cloud's state for the tests: inventories, images by id or name, instances.</summary>
public sealed class CloudProbe(AmazonEC2Client ec2, string home)
{
    public AmazonEC2Client Ec2 => ec2;

    public async Task<CloudInventory> InventoryAsync()
    {
        var instances = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations?
            .SelectMany(r => r.Instances).Where(i => i.State.Name != InstanceStateName.Terminated).Select(i => i.InstanceId) ?? [];
        var keys = (await ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest())).KeyPairs?.Select(k => k.KeyName) ?? [];
        var groups = (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest())).SecurityGroups?
            .Where(g => g.GroupName != "default").Select(g => g.GroupId) ?? [];
        var images = (await OwnImagesAsync()).Select(i => i.ImageId);
        var snapshots = (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] })).Snapshots?
            .Select(s => s.SnapshotId) ?? [];
        return new CloudInventory(instances.ToHashSet(), keys.ToHashSet(), groups.ToHashSet(), images.ToHashSet(), snapshots.ToHashSet());
    }

    public async Task<List<Image>> OwnImagesAsync(string? namePattern = null)
    {
        var request = new DescribeImagesRequest { Owners = ["self"] };
        if (namePattern is not null) request.Filters = [new Filter("name", [namePattern])];
        return (await ec2.DescribeImagesAsync(request)).Images ?? [];
    }

    /// <summary>The image, or null when it is deregistered (EC2 answers NotFound or no image for a removed id).</summary>
    public async Task<Image?> ImageAsync(string id)
    {
        try
        {
            var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [id] })).Images?.SingleOrDefault();
            return image is null || image.State == ImageState.Deregistered ? null : image;
        }
        catch (AmazonEC2Exception e) when (e.ErrorCode.StartsWith("InvalidAMIID", StringComparison.Ordinal)) { return null; }
    }

    public async Task<bool> SnapshotExistsAsync(string id)
    {
        try
        {
            return (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [id] })).Snapshots?.Count > 0;
        }
        catch (AmazonEC2Exception e) when (e.ErrorCode == "InvalidSnapshot.NotFound") { return false; }
    }

    public static IReadOnlyDictionary<string, string> Tags(IEnumerable<Amazon.EC2.Model.Tag>? tags) =>
        (tags ?? []).ToDictionary(t => t.Key, t => t.Value);

    /// <summary>An instance of <paramref name="imageId"/> with a key pair of the test's own, ready for SSH.</summary>
    public async Task<TestInstance> LaunchAsync(string imageId)
    {
        var name = $"e2e-{Guid.NewGuid().ToString("N")[..10]}";
        var key = await ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = name });
        var keyFile = Path.Combine(home, $"{name}.pem");
        KilnPaths.WritePrivateFile(keyFile, key.KeyPair.KeyMaterial.TrimEnd() + "\n");
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = imageId, MinCount = 1, MaxCount = 1, KeyName = name, InstanceType = InstanceType.T2Nano });
        var instance = new TestInstance(ec2, run.Reservation.Instances[0].InstanceId, name, keyFile);
        await instance.WaitUntilReachableAsync();
        return instance;
    }

    /// <summary>Images with these names (each a copy of the base image), made directly through EC2 as another tool or
    /// a person would: for family-matching checks and name clashes.</summary>
    public async Task<IReadOnlyList<string>> MakeImagesAsync(string sourceImageId, params string[] names)
    {
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = sourceImageId, MinCount = 1, MaxCount = 1, InstanceType = InstanceType.T2Nano });
        var instance = run.Reservation.Instances[0].InstanceId;
        try
        {
            var ids = new List<string>();
            foreach (var name in names)
                ids.Add((await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance, Name = name, NoReboot = true })).ImageId);
            return ids;
        }
        finally
        {
            await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance] });
        }
    }
}
