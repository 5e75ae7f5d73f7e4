using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiln.LocalCloud.Podman;

/// <summary>
/// The podman operations of a machine's life (create and start, stop, commit, remove, names) through podman's libpod
/// REST API on <see cref="PodmanService"/>'s socket: the same containers and images as the podman commands make
/// (compared field by field with `podman inspect`), without a podman process per operation.
/// </summary>
public sealed class PodmanApi : IPodmanMachines, IDisposable
{
    private readonly PodmanService service;
    private readonly HttpClient http;

    public PodmanApi(PodmanService service)
    {
        this.service = service;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, ct) => new ValueTask<Stream>(service.ConnectAsync(ct)),
            // Well within the service's idle time, so a pooled connection never outlives the service.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(PodmanService.IdleSeconds / 4),
        };
        http = new HttpClient(handler) { BaseAddress = new Uri("http://podman/v4.0.0/libpod/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task RunAsync(ContainerSpec spec, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["name"] = spec.Name, ["hostname"] = spec.Hostname, ["image"] = spec.Image,
            ["command"] = new JsonArray(ContainerSettings.BootCommand), ["init"] = true, ["oci_runtime"] = ContainerSettings.Runtime,
            ["r_limits"] = new JsonArray([.. ContainerSettings.Ulimits.Select(u => (JsonNode)Limit(u.Type, u.Limit))]),
            ["mounts"] = new JsonArray(new JsonObject
            {
                ["destination"] = ContainerSettings.BootMount, ["type"] = "bind", ["source"] = spec.BootDirectory,
                ["options"] = new JsonArray("ro"),
            }),
            ["labels"] = new JsonObject(spec.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        };
        if (spec.Network is { } network)
            (body["netns"], body["networks"]) = (new JsonObject { ["nsmode"] = "bridge" }, new JsonObject { [network] = new JsonObject() });
        if (spec.Published)
            body["portmappings"] = new JsonArray([.. ((int[])[22, .. spec.Ports ?? []]).Select(port => (JsonNode)new JsonObject
            {
                ["host_ip"] = spec.Address, ["host_port"] = port, ["container_port"] = port, ["protocol"] = "tcp",
            })]);
        await CheckAsync("create", () => new HttpRequestMessage(HttpMethod.Post, "containers/create")
            { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") }, ct);
        await CheckAsync("start", () => new HttpRequestMessage(HttpMethod.Post, $"containers/{spec.Name}/start"), ct);
    }

    public Task StopAsync(string container, CancellationToken ct) =>
        CheckAsync("stop", () => new HttpRequestMessage(HttpMethod.Post, $"containers/{container}/stop?timeout={ContainerSettings.StopSeconds}"), ct);

    public Task StartAsync(string container, CancellationToken ct) =>
        CheckAsync("start", () => new HttpRequestMessage(HttpMethod.Post, $"containers/{container}/start"), ct);

    public Task PauseAsync(string container, CancellationToken ct) =>
        CheckAsync("pause", () => new HttpRequestMessage(HttpMethod.Post, $"containers/{container}/pause"), ct);

    public Task UnpauseAsync(string container, CancellationToken ct) =>
        CheckAsync("unpause", () => new HttpRequestMessage(HttpMethod.Post, $"containers/{container}/unpause"), ct);

    public Task CommitAsync(string container, string image, bool pause, CancellationToken ct)
    {
        var (repo, tag) = SplitName(image);
        var change = Uri.EscapeDataString($"LABEL {Setup.BaseImage.Label}=derived");
        return CheckAsync("commit", () => new HttpRequestMessage(HttpMethod.Post,
            $"commit?container={container}&repo={Uri.EscapeDataString(repo)}&tag={Uri.EscapeDataString(tag)}" +
            $"&pause={(pause ? "true" : "false")}&changes={change}"), ct);
    }

    public async Task RemoveContainerAsync(string container, CancellationToken ct)
    {
        using var r = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"containers/{container}?force=true&timeout=1"), ct);
        if (r.StatusCode != HttpStatusCode.NotFound) await EnsureAsync("rm", r, ct);
    }

    public async Task<bool> RemoveImageAsync(string image, CancellationToken ct)
    {
        using var r = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"images/{image}"), ct);
        if (r.StatusCode is HttpStatusCode.NotFound) return true;
        if (r.StatusCode is HttpStatusCode.Conflict) return false;
        await EnsureAsync($"rmi {image}", r, ct);
        return true;
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        using var r = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"images/{image}/exists"), ct);
        return r.IsSuccessStatusCode;
    }

    public async Task AddNamesAsync(string source, IReadOnlyList<string> targets, CancellationToken ct)
    {
        foreach (var target in targets)
        {
            var (repo, tag) = SplitName(target);
            await CheckAsync($"tag {source} {target}", () => new HttpRequestMessage(HttpMethod.Post,
                $"images/{source}/tag?repo={Uri.EscapeDataString(repo)}&tag={Uri.EscapeDataString(tag)}"), ct);
        }
    }

    public async Task<HashSet<string>?> ImageNamesAsync(string image, CancellationToken ct)
    {
        using var doc = await GetJsonAsync($"images/{image}/json", ct);
        if (doc is null) return null;
        return doc.RootElement.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(n => n.GetString() ?? "").ToHashSet(StringComparer.Ordinal) : [];
    }

    /// <summary>The container's inspection, or null when it does not exist.</summary>
    public Task<JsonDocument?> InspectContainerAsync(string container, CancellationToken ct) =>
        GetJsonAsync($"containers/{container}/json", ct);

    public async Task<string?> ContainerStateAsync(string container, CancellationToken ct)
    {
        using var inspected = await InspectContainerAsync(container, ct);
        return inspected?.RootElement.GetProperty("State").GetProperty("Status").GetString();
    }

    public async Task<bool> NetworkExistsAsync(string name, CancellationToken ct)
    {
        using var found = await GetJsonAsync($"networks/{Uri.EscapeDataString(name)}/json", ct);
        return found is not null;
    }

    public async Task<string> BridgeAddressAsync(string container, CancellationToken ct)
    {
        using var inspected = await InspectContainerAsync(container, ct);
        var found = inspected is not null && inspected.RootElement.TryGetProperty("NetworkSettings", out var net)
            ? Addresses(net).FirstOrDefault(a => IPAddress.TryParse(a, out _)) ?? "" : "";
        if (!IPAddress.TryParse(found, out _))
            throw new PodmanException($"podman inspect {container} gave no bridge address{(inspected is null ? ": no such container" : "")}");
        return found;
    }

    /// <summary>The default network's address, then each network's (a container on another network has only those).</summary>
    private static IEnumerable<string> Addresses(JsonElement settings)
    {
        if (settings.TryGetProperty("IPAddress", out var ip)) yield return ip.GetString() ?? "";
        if (settings.TryGetProperty("Networks", out var networks) && networks.ValueKind == JsonValueKind.Object)
            foreach (var n in networks.EnumerateObject())
                if (n.Value.TryGetProperty("IPAddress", out var a)) yield return a.GetString() ?? "";
    }

    public async Task<IReadOnlyDictionary<string, string>> ListContainersAsync(string label, CancellationToken ct)
    {
        var filters = Filter("label", label);
        using var doc = await GetJsonAsync($"containers/json?all=true&filters={filters}", ct)
            ?? throw new PodmanException("podman ps: the service answered 404");
        return doc.RootElement.EnumerateArray().ToDictionary(
            c => c.GetProperty("Names")[0].GetString()!,
            c => c.TryGetProperty("State", out var s) ? s.GetString() ?? "" : "");
    }

    public async Task<IReadOnlyList<string>> ImageNamesMatchingAsync(string reference, CancellationToken ct)
    {
        var filters = Filter("reference", reference);
        using var doc = await GetJsonAsync($"images/json?filters={filters}", ct)
            ?? throw new PodmanException("podman images: the service answered 404");
        return doc.RootElement.EnumerateArray()
            .SelectMany(i => i.TryGetProperty("Names", out var n) && n.ValueKind == JsonValueKind.Array ? n.EnumerateArray() : [])
            .Select(n => n.GetString() ?? "").ToList();
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken ct)
    {
        using var r = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ct);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync($"GET {path}", r, ct);
        return await JsonDocument.ParseAsync(await r.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
    }

    private async Task CheckAsync(string what, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var r = await SendAsync(request, ct);
        await EnsureAsync(what, r, ct);
    }

    /// <summary>Sends, starting the service when it is not there; a request is sent again only when it never reached
    /// the service (no connection).</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request(), ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            await service.EnsureRunningAsync(ct);
            return await http.SendAsync(request(), ct);
        }
    }

    /// <summary>2xx, or 304 (already in the state asked for, as the podman commands take it).</summary>
    private static async Task EnsureAsync(string what, HttpResponseMessage r, CancellationToken ct)
    {
        if (r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.NotModified) return;
        var text = await r.Content.ReadAsStringAsync(ct);
        string message;
        try
        {
            using var doc = JsonDocument.Parse(text);
            message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            message = text;
        }
        throw new PodmanException($"podman {what} failed ({(int)r.StatusCode}): {message.Trim()}");
    }

    /// <summary>`repository:tag` split at the tag's colon (a registry's port has one too, before the last slash).</summary>
    private static (string Repo, string Tag) SplitName(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string Filter(string key, string value) =>
        Uri.EscapeDataString(new JsonObject { [key] = new JsonArray(value) }.ToJsonString());

    private static JsonObject Limit(string type, int value) => new() { ["type"] = type, ["hard"] = value, ["soft"] = value };
}
