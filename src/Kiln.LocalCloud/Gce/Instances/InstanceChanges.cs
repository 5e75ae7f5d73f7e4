using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>setMetadata, setLabels, setTags: each carries the fingerprint the caller read, and a stale one is refused
/// (412 conditionNotMet), as Google refuses it. New ssh-keys reach a running instance before the operation is DONE.</summary>
public static class InstanceChanges
{
    public static async Task<JsonNode> SetMetadataAsync(GceCall call, CancellationToken ct)
    {
        var (fingerprint, items) = MetadataJson.Parse(call.RequireBody(), "metadata");
        var i = Change(call, c => GceJson.SameFingerprint(fingerprint, c.Metadata.Fingerprint) ? c with { Metadata = new GceMetadata(items, GceJson.NewFingerprint()) }
            : throw GceErrors.StaleFingerprint("metadata"));
        return await GceOperations.RunAsync(call, "setMetadata", i.Id, i.Number, call.Zone,
            token => GuestEnvironment.ApplyAsync(call.Cloud, i.Id, token), ct);
    }

    public static async Task<JsonNode> SetLabelsAsync(GceCall call, CancellationToken ct)
    {
        var body = call.RequireBody();
        var labels = GceNames.Labels(body["labels"], "instancesSetLabelsRequest.labels");
        var fingerprint = GceJson.String(body, "labelFingerprint");
        var i = Change(call, c => GceJson.SameFingerprint(fingerprint, c.LabelFingerprint) ? c with { Labels = labels, LabelFingerprint = GceJson.NewFingerprint() }
            : throw GceErrors.StaleFingerprint("label"));
        return await GceOperations.RunAsync(call, "setLabels", i.Id, i.Number, call.Zone, _ => Task.CompletedTask, ct);
    }

    public static async Task<JsonNode> SetTagsAsync(GceCall call, CancellationToken ct)
    {
        var body = call.RequireBody();
        var items = GceJson.StringList(body, "items").Select(t => GceNames.Check(t, "tags.items")).Distinct().ToList();
        var fingerprint = GceJson.String(body, "fingerprint");
        var i = Change(call, c => GceJson.SameFingerprint(fingerprint, c.Tags.Fingerprint) ? c with { Tags = new GceTags(items, GceJson.NewFingerprint()) }
            : throw GceErrors.StaleFingerprint("tags"));
        return await GceOperations.RunAsync(call, "setTags", i.Id, i.Number, call.Zone, _ => Task.CompletedTask, ct);
    }

    private static GceInstanceRecord Change(GceCall call, Func<GceInstanceRecord, GceInstanceRecord> change)
    {
        var path = InstanceHandlers.Find(call).Id;
        return call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceInstanceRecord>(path) ?? throw GceErrors.NotFound(path);
            var changed = change(current);
            tx.Put(changed);
            return changed;
        });
    }
}
