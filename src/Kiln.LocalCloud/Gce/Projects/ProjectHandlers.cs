using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Instances;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Projects;

/// <summary>projects.get and projects.setCommonInstanceMetadata (project-wide ssh-keys reach every instance that
/// does not block them, at once, as Google's guest environment applies them).</summary>
public static class ProjectHandlers
{
    public static JsonNodeResult Get(GceCall call)
    {
        GceProjects.Require(call);
        var p = call.Cloud.State.Read(tx => GceProjects.Get(tx, call.Project));
        return Object(
            ("kind", "compute#project"), ("id", Number(p.Number)), ("creationTimestamp", Time(p.Created)), ("name", p.Project),
            ("commonInstanceMetadata", MetadataJson.Render(p.Metadata)), ("quotas", new JsonArray()),
            ("selfLink", call.Link($"projects/{p.Project}")),
            ("defaultServiceAccount", $"{p.Number % 1_000_000_000_000UL}-compute@developer.gserviceaccount.com"),
            ("xpnProjectStatus", "UNSPECIFIED_XPN_PROJECT_STATUS"), ("defaultNetworkTier", "PREMIUM"),
            ("vmDnsSetting", "ZONAL_ONLY"));
    }

    public static async Task<JsonNode> SetCommonInstanceMetadataAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var (fingerprint, items) = MetadataJson.Parse(call.RequireBody(), "metadata");
        var project = call.Cloud.State.Write(tx =>
        {
            var current = GceProjects.Get(tx, call.Project);
            if (!SameFingerprint(fingerprint, current.Metadata.Fingerprint)) throw GceErrors.StaleFingerprint("metadata");
            var changed = current with { Metadata = new GceMetadata(items, NewFingerprint()) };
            tx.Put(changed);
            return changed;
        });
        return await GceOperations.RunAsync(call, "setCommonInstanceMetadata", project.Id, project.Number, zone: null,
            token => GuestEnvironment.ApplyProjectKeysAsync(call.Cloud, call.Project, token), ct);
    }
}
