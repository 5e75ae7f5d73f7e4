using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Deploy;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the image, blue's template (or the create options). Produces: the instance template of the image,
/// `GROUP-IMAGE`, blue's properties with the new boot image and the lineage labels (family, image, run, deploy); one
/// that exists is reused, since templates are immutable and one per image is enough. Kept: retention keeps the images
/// templates use. Cleanup on failure: a template this run made, unless a group still uses it.</summary>
public sealed class StepCreateTemplate(GceDeployContext c) : IStep<GceDeployState>
{
    private bool _made;
    public string Name => "create-template";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var name = GceDeployNames.Template(r.Group, s.Image!.Name);
        s.NewTemplate = name;
        if (await c.Fleet.Api.GetInstanceTemplateAsync(c.Fleet.Project, name, ct) is { } existing)
        {
            var (_, image) = await c.Fleet.TemplateAsync(existing.Name, ct);
            if (image != s.Image.Id)
                throw new CloudException("templateMismatch", $"instance template {name} exists and launches {image}, not {s.Image.Id}: delete it or deploy another image");
            c.Log.Info($"instance template {name} exists: reused");
            return;
        }
        var properties = s.BlueTemplate is { } blue ? (await c.Fleet.TemplateAsync(blue, ct)).Template.Properties! : FirstProperties(r);
        await c.Ledger.CreatedAsync(ResourceKind.InstanceTemplate, name);
        _made = true;
        await c.Fleet.Api.InsertInstanceTemplateAsync(c.Fleet.Project, new InstanceTemplate
        {
            Name = name,
            Description = $"kiln {r.Run}: {r.Group} runs {s.Image.Name}",
            Properties = WithImage(properties, s.Image, r),
        }, ct);
        c.Log.Info($"instance template {name} launches {s.Image.Id}");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        if (!_made) return;
        if (s.Switched)
        {
            await c.Ledger.KeptAsync(ResourceKind.InstanceTemplate, s.NewTemplate!);
            return;
        }
        try
        {
            await c.Fleet.Api.DeleteInstanceTemplateAsync(c.Fleet.Project, s.NewTemplate!, ct);
            await c.Ledger.CleanedAsync(ResourceKind.InstanceTemplate, s.NewTemplate!);
        }
        catch (CloudException e) when (e.Code == ComputeErrors.InUse)
        {
            s.Warnings.Add($"instance template {s.NewTemplate} is still used by a group: kept");
        }
    }

    /// <summary>A template's properties with another boot image and the lineage labels on its instances and disk.</summary>
    private InstanceProperties WithImage(InstanceProperties p, CloudImage image, DeployRequest r)
    {
        var labels = new Dictionary<string, string>(p.Labels ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in GceLabels.FromTags(new Dictionary<string, string>(image.Tags.Where(t => t.Key.StartsWith("kiln:", StringComparison.Ordinal)))
        {
            [KilnTags.Family] = r.Family.Name, ["kiln:deploy"] = r.Group, ["kiln:image"] = image.Name, [KilnTags.RunId] = r.Run.Value,
        }))
            labels[k] = v;
        labels.Remove(GceLabels.Key(KilnTags.Temporary));
        var (project, name) = GceMapping.Parse(c.Fleet.Project, image.Id.Value);
        var disks = (p.Disks ?? []).Select(d => d.Boot == true
            ? d with { InitializeParams = (d.InitializeParams ?? new AttachedDiskInitializeParams(null, null, null, null, null)) with
                { SourceImage = $"projects/{project}/global/images/{name}", DiskName = null, Labels = null } }
            : d).ToList();
        return p with { Labels = labels, Disks = disks };
    }

    /// <summary>The first template of a deploy: the machine type, the startup script (or the demo web server), the
    /// network tag the firewall rule opens the port to.</summary>
    private InstanceProperties FirstProperties(DeployRequest r)
    {
        var o = r.Create!;
        return new InstanceProperties
        {
            MachineType = o.InstanceType,
            Metadata = new Metadata(null, [new MetadataItem("startup-script", (o.UserData ?? DemoUserData.GceScript(o.TargetPort)).ReplaceLineEndings("\n"))]),
            Tags = new NetworkTags([GceDeployNames.NetworkTag(r.Group)], null),
            Disks = [new AttachedDisk(true, true, null, new AttachedDiskInitializeParams(null, null, null, null, null))],
            NetworkInterfaces = [new NetworkInterface($"global/networks/{c.Cloud.Where.Network}", null, null,
                [new AccessConfig("External NAT", "ONE_TO_ONE_NAT", null)])],
        };
    }
}
