using System.Globalization;
using Kiln.Core;
using Kiln.Core.Baking;
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
        var gce = request.Gce ?? new GceLaunch();
        var metadata = Metadata(request, gce);
        return new Instance
        {
            Name = name,
            MachineType = $"zones/{Zone}/machineTypes/{request.InstanceType}",
            Labels = labels,
            Metadata = new Metadata(null, metadata),
            Tags = new NetworkTags([request.SshRule.Value, .. gce.NetworkTags.Where(t => t != request.SshRule.Value).Distinct()], null),
            Disks =
            [
                new AttachedDisk(true, false, null, new AttachedDiskInitializeParams(name,
                    $"projects/{imageProject}/global/images/{imageName}", volume.SizeGb.ToString(CultureInfo.InvariantCulture),
                    $"zones/{Zone}/diskTypes/{DiskType(volume.VolumeType)}", labels)),
            ],
            NetworkInterfaces =
            [
                new NetworkInterface($"global/networks/{request.Network ?? Where.Network}", gce.Subnetwork ?? request.SubnetId, null,
                    request.AssociatePublicIp == false ? [] : [new AccessConfig("External NAT", "ONE_TO_ONE_NAT", null)]),
            ],
            // A preemptible instance may neither restart nor migrate (Google refuses the insert otherwise).
            Scheduling = gce.Preemptible ? new Scheduling(true, false, "TERMINATE") : null,
            ServiceAccounts = gce.NoServiceAccount ? []
                : gce.ServiceAccountEmail is not null || gce.Scopes is not null
                    ? [new ServiceAccount(gce.ServiceAccountEmail ?? "default", [.. gce.Scopes ?? DefaultScopes])]
                    : null,
        };
    }

    /// <summary>Packer googlecompute's scopes when a service account is named without them.</summary>
    private static readonly string[] DefaultScopes =
    [
        "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/compute",
        "https://www.googleapis.com/auth/devstorage.full_control",
    ];

    /// <summary>The template's metadata, the run's key added to its `ssh-keys` (Packer keeps a user's keys there
    /// too) and the startup script as `startup-script`.</summary>
    private static List<MetadataItem> Metadata(InstanceRequest request, GceLaunch gce)
    {
        var items = gce.Metadata.Where(kv => kv.Key != "ssh-keys").Select(kv => new MetadataItem(kv.Key, kv.Value)).ToList();
        if (request.Credential.PublicKey is { } key)
        {
            var own = $"{request.Credential.User}:{key}";
            items.Add(new MetadataItem("ssh-keys", gce.Metadata.TryGetValue("ssh-keys", out var theirs) && theirs.Length > 0 ? $"{theirs}\n{own}" : own));
        }
        if (request.UserData is { } script) items.Add(new MetadataItem("startup-script", script));
        return items;
    }

    /// <summary>Compute Engine's disk types; anything else (an EC2 volume type from a shared kiln.yml) is pd-balanced.</summary>
    private static string DiskType(string type) =>
        type.StartsWith("pd-", StringComparison.Ordinal) || type.StartsWith("hyperdisk-", StringComparison.Ordinal) ? type : "pd-balanced";
}
