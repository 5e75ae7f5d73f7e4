using Kiln.Core.Cloud;

namespace Kiln.Gcp.Api;

public sealed partial class ComputeClient
{
    /// <summary>`images.list` with Google's filter (`name eq "RE2"` matched against the whole value).</summary>
    public Task<IReadOnlyList<Image>> ListImagesAsync(string project, string? filter, CancellationToken ct) =>
        ListAsync<Image>($"projects/{project}/global/images", filter, ct);

    /// <summary>Null when the project has no such image.</summary>
    public async Task<Image?> GetImageAsync(string project, string name, CancellationToken ct)
    {
        try { return await transport.GetAsync<Image>($"projects/{project}/global/images/{name}", ct); }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    /// <summary>`images.getFromFamily`: the newest image of the family that is not deprecated; null for none.</summary>
    public async Task<Image?> GetFromFamilyAsync(string project, string family, CancellationToken ct)
    {
        try { return await transport.GetAsync<Image>($"projects/{project}/global/images/family/{family}", ct); }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    public async Task InsertImageAsync(string project, Image image, CancellationToken ct) =>
        await WaitAsync(project, await transport.PostAsync<Operation>($"projects/{project}/global/images", image, ct), ct);

    public async Task DeleteImageAsync(string project, string name, CancellationToken ct)
    {
        if (await DeleteIfPresentAsync($"projects/{project}/global/images/{name}", ct) is { } op) await WaitAsync(project, op, ct);
    }

    public async Task DeprecateImageAsync(string project, string name, DeprecationStatus status, CancellationToken ct) =>
        await WaitAsync(project, await transport.PostAsync<Operation>($"projects/{project}/global/images/{name}/deprecate", status, ct), ct);

    public async Task SetImageLabelsAsync(string project, string name, LabelsRequest labels, CancellationToken ct) =>
        await WaitAsync(project, await transport.PostAsync<Operation>($"projects/{project}/global/images/{name}/setLabels", labels, ct), ct);

    public Task<IReadOnlyList<InstanceTemplate>> ListInstanceTemplatesAsync(string project, CancellationToken ct) =>
        ListAsync<InstanceTemplate>($"projects/{project}/global/instanceTemplates", null, ct);
}
