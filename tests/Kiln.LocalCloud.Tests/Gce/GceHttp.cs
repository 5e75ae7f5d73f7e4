using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>Plain HTTP to the Compute Engine API, for what gcloud does not show: status codes, error bodies, paging.</summary>
public sealed class GceHttp(LocalCloudServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(server.Endpoint, "/compute/v1/") };
    private static readonly JsonSerializerOptions AsWritten = new();
    public Uri Endpoint => server.Endpoint;

    public Task<(int Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<(int Status, JsonElement Body)> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(int Status, JsonElement Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        // Field names as written (`IPProtocol`), not camel-cased.
        if (body is not null) request.Content = JsonContent.Create(body, options: AsWritten);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Asserts success and returns the body.</summary>
    public static JsonElement Ok((int Status, JsonElement Body) answer)
    {
        Assert.True(answer.Status == 200, $"expected 200, got {answer.Status}: {answer.Body}");
        return answer.Body;
    }

    public async Task<(string ContentType, string Body)> BatchAsync(string body, string boundary)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary=\"{boundary}\"");
        using var response = await _http.PostAsync(new Uri(server.Endpoint, "/batch/compute/v1"), content);
        Assert.Equal(200, (int)response.StatusCode);
        return (response.Content.Headers.ContentType!.ToString(), await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    public static JsonObject Instance(string name, string image = "projects/debian-cloud/global/images/family/debian-12", bool autoDelete = true) => new()
    {
        ["name"] = name,
        ["machineType"] = "zones/us-central1-a/machineTypes/e2-small",
        ["disks"] = new JsonArray(new JsonObject
        {
            ["boot"] = true, ["autoDelete"] = autoDelete, ["initializeParams"] = new JsonObject { ["sourceImage"] = image },
        }),
        ["networkInterfaces"] = new JsonArray(new JsonObject
        {
            ["network"] = "global/networks/default",
            ["accessConfigs"] = new JsonArray(new JsonObject { ["type"] = "ONE_TO_ONE_NAT", ["name"] = "External NAT" }),
        }),
    };
}
