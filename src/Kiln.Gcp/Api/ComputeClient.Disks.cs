using Kiln.Core.Cloud;

namespace Kiln.Gcp.Api;

public sealed partial class ComputeClient
{
    public async Task<Disk?> GetDiskAsync(string project, string zone, string name, CancellationToken ct)
    {
        try { return await transport.GetAsync<Disk>($"projects/{project}/zones/{zone}/disks/{name}", ct); }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    public async Task DeleteDiskAsync(string project, string zone, string name, CancellationToken ct)
    {
        if (await DeleteIfPresentAsync($"projects/{project}/zones/{zone}/disks/{name}", ct) is { } op) await WaitAsync(project, op, ct);
    }

    public Task<IReadOnlyList<Disk>> ListAllDisksAsync(string project, CancellationToken ct) => AggregatedAsync<Disk>(project, "disks", ct);

    public async Task InsertFirewallAsync(string project, Firewall firewall, CancellationToken ct) =>
        await WaitAsync(project, await transport.PostAsync<Operation>($"projects/{project}/global/firewalls", firewall, ct), ct);

    public async Task DeleteFirewallAsync(string project, string name, CancellationToken ct)
    {
        if (await DeleteIfPresentAsync($"projects/{project}/global/firewalls/{name}", ct) is { } op) await WaitAsync(project, op, ct);
    }

    public Task<IReadOnlyList<Firewall>> ListFirewallsAsync(string project, string? filter, CancellationToken ct) =>
        ListAsync<Firewall>($"projects/{project}/global/firewalls", filter, ct);
}
