using Kiln.Core.Cloud;

namespace Kiln.Gcp.Api;

public sealed partial class ComputeClient
{
    /// <summary>Starts the insert and returns its operation: the caller records the instance before waiting.</summary>
    public Task<Operation> StartInsertInstanceAsync(string project, string zone, Instance instance, CancellationToken ct) =>
        transport.PostAsync<Operation>($"projects/{project}/zones/{zone}/instances", instance, ct);

    /// <summary>Null when the zone has no such instance (a deleted one is gone).</summary>
    public async Task<Instance?> GetInstanceAsync(string project, string zone, string name, CancellationToken ct)
    {
        try { return await transport.GetAsync<Instance>($"projects/{project}/zones/{zone}/instances/{name}", ct); }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    public async Task StopInstanceAsync(string project, string zone, string name, CancellationToken ct) =>
        await WaitAsync(project, await transport.PostAsync<Operation>($"projects/{project}/zones/{zone}/instances/{name}/stop", null, ct), ct);

    public async Task DeleteInstanceAsync(string project, string zone, string name, CancellationToken ct)
    {
        if (await DeleteIfPresentAsync($"projects/{project}/zones/{zone}/instances/{name}", ct) is { } op) await WaitAsync(project, op, ct);
    }

    /// <summary>Replaces the instance's metadata; <paramref name="metadata"/> carries the fingerprint read with it
    /// (Google refuses a stale one with 412 conditionNotMet).</summary>
    public async Task SetMetadataAsync(string project, string zone, string name, Metadata metadata, CancellationToken ct) =>
        await WaitAsync(project, await transport.PostAsync<Operation>($"projects/{project}/zones/{zone}/instances/{name}/setMetadata", metadata, ct), ct);

    public Task<IReadOnlyList<Instance>> ListAllInstancesAsync(string project, CancellationToken ct) =>
        AggregatedAsync<Instance>(project, "instances", ct);

    public Task<IReadOnlyList<InstanceGroupManager>> ListAllGroupManagersAsync(string project, CancellationToken ct) =>
        AggregatedAsync<InstanceGroupManager>(project, "instanceGroupManagers", ct);
}
