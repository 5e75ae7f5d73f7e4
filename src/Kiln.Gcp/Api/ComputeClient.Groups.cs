using System.Globalization;

namespace Kiln.Gcp.Api;

/// <summary>Zonal managed instance groups: their versions, size, update policy and instances.</summary>
public sealed partial class ComputeClient
{
    private static string Managers(string project, string zone) => $"projects/{project}/zones/{zone}/instanceGroupManagers";

    public Task<InstanceGroupManager?> GetGroupManagerAsync(string project, string zone, string name, CancellationToken ct) =>
        FindAsync<InstanceGroupManager>($"{Managers(project, zone)}/{name}", ct);

    public Task<IReadOnlyList<InstanceGroupManager>> ListGroupManagersAsync(string project, string zone, CancellationToken ct) =>
        ListAsync<InstanceGroupManager>(Managers(project, zone), null, ct);

    /// <summary>Starts the insert and returns its operation: the caller records the group before waiting.</summary>
    public Task<Operation> StartInsertGroupManagerAsync(string project, string zone, InstanceGroupManager group, CancellationToken ct) =>
        transport.PostAsync<Operation>(Managers(project, zone), group, ct);

    /// <summary>Deletes the group with its instances.</summary>
    public Task DeleteGroupManagerAsync(string project, string zone, string name, CancellationToken ct) =>
        RemoveAsync(project, $"{Managers(project, zone)}/{name}", ct);

    public Task ResizeGroupManagerAsync(string project, string zone, string name, int size, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Post, $"{Managers(project, zone)}/{name}/resize?size={size.ToString(CultureInfo.InvariantCulture)}", null, ct);

    /// <summary>Sets the group's versions and update policy; a PROACTIVE policy starts the replacement at once.</summary>
    public Task PatchGroupManagerAsync(string project, string zone, string name, GroupManagerPatch patch, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Patch, $"{Managers(project, zone)}/{name}", patch, ct);

    public async Task<IReadOnlyList<ManagedInstance>> ListManagedInstancesAsync(string project, string zone, string name, CancellationToken ct)
    {
        var all = new List<ManagedInstance>();
        string? token = null;
        do
        {
            var query = token is null ? "" : $"?pageToken={Uri.EscapeDataString(token)}";
            var page = await transport.PostAsync<ManagedInstancesPage>($"{Managers(project, zone)}/{name}/listManagedInstances{query}", null, ct);
            all.AddRange(page.ManagedInstances ?? []);
            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        } while (token is not null);
        return all;
    }
}
