using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Instances;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>A group's instances are ordinary instances, made and deleted through instances.insert and delete from the
/// template's properties, with the metadata Google adds (`instance-template`, `created-by`).</summary>
public static class MigInstances
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    /// <summary>Links in the operations these calls record (nobody reads them back).</summary>
    private const string BaseUrl = "https://compute.googleapis.com/compute/v1/";

    /// <summary>`{baseInstanceName}-{4 random characters}`, unused in the zone.</summary>
    public static string NewName(GceInstanceGroupManagerRecord g, ISet<string> taken)
    {
        while (true)
        {
            var name = $"{g.BaseInstanceName}-{RandomNumberGenerator.GetString(Alphabet, 4)}";
            if (taken.Add(name)) return name;
        }
    }

    public static async Task<ulong> CreateAsync(CloudServices cloud, GceInstanceGroupManagerRecord g, string name, string templatePath,
        CancellationToken ct)
    {
        var template = cloud.State.Read(tx => tx.Get<GceInstanceTemplateRecord>(templatePath))
            ?? throw GceErrors.NotFound(templatePath);
        var body = JsonNode.Parse(template.PropertiesJson)!.AsObject();
        body["name"] = name;
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        var items = metadata["items"] as JsonArray ?? [];
        items.Add(new JsonObject { ["key"] = "instance-template", ["value"] = $"projects/{g.Project}/global/instanceTemplates/{template.Name}" });
        items.Add(new JsonObject { ["key"] = "created-by", ["value"] = g.Id });
        metadata["items"] = items;
        body["metadata"] = metadata;
        var answer = await InsertInstance.HandleAsync(Call(cloud, g, "compute.instances.insert", null, body), ct);
        if (answer["error"] is { } error) throw new GceException(500, "internal", error.ToJsonString());
        return cloud.State.Read(tx => tx.Get<GceInstanceRecord>($"projects/{g.Project}/zones/{g.Zone}/instances/{name}"))?.Number
            ?? throw GceErrors.NotFound(name);
    }

    /// <summary>Deletes a member's instance; one already gone is fine.</summary>
    public static async Task DeleteAsync(CloudServices cloud, GceInstanceGroupManagerRecord g, GceManagedInstance m, CancellationToken ct)
    {
        try { await DeleteInstance.HandleAsync(Call(cloud, g, "compute.instances.delete", m.Name, null), ct); }
        catch (GceException e) when (e.Status == 404) { }
    }

    private static GceCall Call(CloudServices cloud, GceInstanceGroupManagerRecord g, string method, string? name, JsonObject? body)
    {
        var values = new Dictionary<string, string> { ["project"] = g.Project, ["zone"] = g.Zone };
        if (name is not null) values["name"] = name;
        return new GceCall(method, values, new Dictionary<string, string>(), body, BaseUrl, cloud);
    }
}
