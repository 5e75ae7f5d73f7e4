using System.Text.RegularExpressions;
using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Images;

/// <summary>
/// CreateImage = podman commit of the instance's container. Without NoReboot a running instance is stopped for the
/// commit and started again, as EC2 reboots it; with NoReboot it is committed running. The image row is written
/// first (state pending) so a duplicate name is refused even across processes; it is available when the call returns.
/// </summary>
public static partial class CreateImage
{
    [GeneratedRegex(@"^[A-Za-z0-9()\[\] ./\-'@_]{3,128}$")]
    private static partial Regex NamePattern();

    public static async Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct)
    {
        var p = call.Params;
        var instanceId = Requests.CheckId(p.Required("InstanceId"), "i", "InvalidInstanceID.Malformed");
        var name = p.Required("Name");
        if (!NamePattern().IsMatch(name))
            throw new Ec2Exception("InvalidAMIName.Malformed",
                $"AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '_', '[', ']', ' ', '@' and '''; got '{name}'");
        var noReboot = p.Bool("NoReboot") ?? false;
        var mappings = Requests.BlockDevices(p);
        var tagSpecs = Requests.TagSpecifications(p);
        var cloud = call.Cloud;
        var now = cloud.Now;

        var (instance, image) = cloud.State.Write(tx =>
        {
            var instance = tx.Get<InstanceRecord>(instanceId)
                ?? throw Ec2Errors.NotFound("InvalidInstanceID.NotFound", $"The instance ID '{instanceId}' does not exist");
            if (instance.State is not (InstanceStates.Running or InstanceStates.Stopped))
                throw Ec2Errors.IncorrectState($"Instance '{instanceId}' is not in a state from which it can be imaged ({instance.State}).");
            if (RegionalImages.Named(tx, name, call.Region) is { } taken)
                throw new Ec2Exception("InvalidAMIName.Duplicate", $"AMI name {name} is already in use by AMI {taken.Id}");
            var basis = instance.Volumes.Select(v => new BlockDevice(v.DeviceName, null, v.VolumeSize, v.VolumeType, v.DeleteOnTermination)).ToList();
            var devices = Requests.Merge(basis, mappings).Select(b => b with { SnapshotId = ResourceIds.New("snap") }).ToList();
            var image = new ImageRecord(ResourceIds.New("ami"), name, p.Get("Description"), "pending", now, instance.LoginUser,
                devices, Requests.TagsFor(tagSpecs, "image"), instance.Id, instance.RootDeviceName, call.Region,
                EnaSupport: instance.Settings.EnaSupport, SriovNetSupport: instance.Settings.SriovNetSupport);
            tx.Put(image);
            return (instance, image);
        });

        try
        {
            var container = cloud.Layout.ContainerName(instance.Id);
            var target = cloud.Layout.PodmanImage(image.Id);
            if (instance.State == InstanceStates.Running && !noReboot)
            {
                await cloud.Podman.StopAsync(container, ct);
                await cloud.Podman.CommitAsync(container, target, pause: false, ct);
                await cloud.Podman.StartAsync(container, ct);
            }
            else
                await cloud.Podman.CommitAsync(container, target, pause: instance.State == InstanceStates.Running, ct);
        }
        catch
        {
            cloud.State.Write(tx => { tx.Delete<ImageRecord>(image.Id); });
            throw;
        }

        var done = cloud.Now;
        cloud.State.Write(tx =>
        {
            if (tx.Get<ImageRecord>(image.Id) is not { } current) return; // deregistered meanwhile
            tx.Put(current with { State = "available" });
            foreach (var snap in ImageSnapshots.For(image, $"Created by CreateImage({instance.Id}) for {image.Id}", done,
                         Requests.TagsFor(tagSpecs, "snapshot")))
                tx.Put(snap);
        });
        return Ec2Result.Of(E("imageId", image.Id));
    }
}
