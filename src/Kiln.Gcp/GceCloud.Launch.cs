using System.Globalization;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Gcp.Api;

namespace Kiln.Gcp;

/// <summary>The builder instance: Packer googlecompute's shape (boot disk from the source image, kept after the
/// instance with autoDelete false so the image is made from it; the key in `ssh-keys`; the rule's target tag).</summary>
public sealed partial class GceCloud
{
    public async Task<LaunchedInstance> LaunchAsync(InstanceRequest request, CancellationToken ct)
    {
        var body = InstanceBody(request);
        var op = await Api.StartInsertInstanceAsync(Project, Zone, body, ct);
        var disk = body.Disks![0].InitializeParams!.DiskName!;
        var made = new LaunchedInstance(new InstanceId(body.Name), [new TemporaryResource(ResourceKind.Disk, disk, null)]);
        await Api.WaitAsync(Project, op, ct);
        return made;
    }

    /// <summary>The insert request (pure, so tests read it without a server).</summary>
    public Instance InstanceBody(InstanceRequest request)
    {
        var name = request.Name ?? throw new ArgumentException("a Compute Engine instance needs a name", nameof(request));
        var volume = request.RootVolume ?? new RootVolume();
        var (imageProject, imageName) = GceMapping.Parse(Project, request.Image.Value);
        var labels = GceLabels.FromTags(request.Tags);
        var metadata = new List<MetadataItem>();
        if (request.Credential.PublicKey is { } key)
            metadata.Add(new MetadataItem("ssh-keys", $"{request.Credential.User}:{key}"));
        if (request.UserData is { } script) metadata.Add(new MetadataItem("startup-script", script));
        return new Instance
        {
            Name = name,
            MachineType = $"zones/{Zone}/machineTypes/{request.InstanceType}",
            Labels = labels,
            Metadata = new Metadata(null, metadata),
            Tags = new NetworkTags([request.SshRule.Value], null),
            Disks =
            [
                new AttachedDisk(true, false, null, new AttachedDiskInitializeParams(name,
                    $"projects/{imageProject}/global/images/{imageName}", volume.SizeGb.ToString(CultureInfo.InvariantCulture),
                    $"zones/{Zone}/diskTypes/{DiskType(volume.VolumeType)}", labels)),
            ],
            NetworkInterfaces =
            [
                new NetworkInterface($"global/networks/{Where.Network}", request.SubnetId, null,
                    request.AssociatePublicIp == false ? [] : [new AccessConfig("External NAT", "ONE_TO_ONE_NAT", null)]),
            ],
        };
    }

    /// <summary>Compute Engine's disk types; anything else (an EC2 volume type from a shared kiln.yml) is pd-balanced.</summary>
    private static string DiskType(string type) =>
        type.StartsWith("pd-", StringComparison.Ordinal) || type.StartsWith("hyperdisk-", StringComparison.Ordinal) ? type : "pd-balanced";
}
