using System.Text.Json;
using Kiln.Core.Cloud;

namespace Kiln.Gcp.Api;

/// <summary>The Compute Engine v1 calls Kiln makes, one method each, over <see cref="ComputeTransport"/>. Mutations
/// answer with an operation; <see cref="WaitAsync"/> waits until it is DONE and throws its error.</summary>
public sealed partial class ComputeClient(ComputeTransport transport)
{
    public ComputeTransport Transport => transport;

    public Task<Project> GetProjectAsync(string project, CancellationToken ct) => transport.GetAsync<Project>($"projects/{project}", ct);

    public Task<Zone> GetZoneAsync(string project, string zone, CancellationToken ct) =>
        transport.GetAsync<Zone>($"projects/{project}/zones/{zone}", ct);

    public Task<MachineType> GetMachineTypeAsync(string project, string zone, string type, CancellationToken ct) =>
        transport.GetAsync<MachineType>($"projects/{project}/zones/{zone}/machineTypes/{type}", ct);

    /// <summary>Waits on a long-running operation with `operations.wait` (which Google holds open up to two minutes)
    /// until it is DONE; an operation that ended with an error throws it.</summary>
    public async Task<Operation> WaitAsync(string project, Operation op, CancellationToken ct)
    {
        var clock = transport.Policies.Clock;
        var deadline = clock.GetUtcNow() + transport.Policies.Options.OperationTimeout;
        var path = op.Zone is { } zone ? $"projects/{project}/zones/{Last(zone)}/operations/{op.Name}"
            : op.Region is { } region ? $"projects/{project}/regions/{Last(region)}/operations/{op.Name}"
            : $"projects/{project}/global/operations/{op.Name}";
        while (op.Status != "DONE")
        {
            if (clock.GetUtcNow() > deadline)
                throw new TimeoutException($"operation {op.Name} ({op.OperationType}) not done within {transport.Policies.Options.OperationTimeout}");
            op = await transport.PostAsync<Operation>($"{path}/wait", null, ct);
            if (op.Status != "DONE") await Task.Delay(transport.Policies.Options.OperationPoll, clock, ct);
        }
        return op.Error?.Errors is { Count: > 0 } ? throw ComputeErrors.FromOperation(op) : op;
    }

    /// <summary>Every page of a list (Google pages with maxResults/pageToken).</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string path, string? filter, CancellationToken ct)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var query = $"maxResults=500{(filter is null ? "" : $"&filter={Uri.EscapeDataString(filter)}")}{(token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}")}";
            var page = await transport.GetAsync<ListPage<T>>($"{path}?{query}", ct);
            all.AddRange(page.Items ?? []);
            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        } while (token is not null);
        return all;
    }

    /// <summary>An aggregated list (`projects/p/aggregated/instances`): the items of every zone, flattened. Each
    /// scope's list is under the resource's plural name (`instances`, `disks`, `instanceGroupManagers`).</summary>
    public async Task<IReadOnlyList<T>> AggregatedAsync<T>(string project, string plural, CancellationToken ct)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var query = $"maxResults=500&returnPartialSuccess=false{(token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}")}";
            var page = await transport.GetAsync<JsonElement>($"projects/{project}/aggregated/{plural}?{query}", ct);
            if (page.TryGetProperty("items", out var scopes))
                foreach (var scope in scopes.EnumerateObject())
                    if (scope.Value.TryGetProperty(plural, out var items))
                        all.AddRange(items.Deserialize<List<T>>(ComputeJson.Options) ?? []);
            token = page.TryGetProperty("nextPageToken", out var next) && next.GetString() is { Length: > 0 } t ? t : null;
        } while (token is not null);
        return all;
    }

    /// <summary>Null when the resource does not exist.</summary>
    internal async Task<T?> FindAsync<T>(string path, CancellationToken ct) where T : class
    {
        try { return await transport.GetAsync<T>(path, ct); }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    /// <summary>Sends a mutation and waits until its operation is done.</summary>
    internal async Task<Operation> MutateAsync(string project, HttpMethod method, string path, object? body, CancellationToken ct) =>
        await WaitAsync(project, await transport.SendAsync<Operation>(method, path, body, ct), ct);

    /// <summary>Deletes and waits; absent is success.</summary>
    internal async Task RemoveAsync(string project, string path, CancellationToken ct)
    {
        if (await DeleteIfPresentAsync(path, ct) is { } op) await WaitAsync(project, op, ct);
    }

    /// <summary>The last segment of a resource URL (`…/zones/asia-northeast1-b` → `asia-northeast1-b`).</summary>
    public static string Last(string url) => url[(url.LastIndexOf('/') + 1)..];

    /// <summary>Absent is success for a delete: the operation, or null when the resource was already gone.</summary>
    internal async Task<Operation?> DeleteIfPresentAsync(string path, CancellationToken ct)
    {
        try { return await transport.DeleteAsync<Operation>(path, ct); }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }
}
