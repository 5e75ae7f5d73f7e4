using System.Text.Json.Nodes;

namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>One Compute Engine call: its method (`compute.instances.insert`), the path's values, query, JSON body,
/// and the base URL its links are made from (the URL the client called, so gcloud parses them back).</summary>
public sealed record GceCall(
    string Method, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Query, JsonObject? Body,
    string BaseUrl, CloudServices Cloud)
{
    public string Project => Values["project"];
    public string Zone => Values["zone"];
    public string Name => Values["name"];
    public DateTimeOffset Now => Cloud.Now;

    /// <summary>A resource path (`projects/p/zones/z/instances/n`) as a full link.</summary>
    public string Link(string path) => BaseUrl + path;

    public string? LinkOrNull(string? path) => path is null ? null : Link(path);

    public JsonObject RequireBody() => Body ?? throw GceErrors.Required("resource");

    public string? QueryValue(string name) => Query.GetValueOrDefault(name);
}

public delegate Task<JsonNode> GceHandler(GceCall call, CancellationToken ct);
