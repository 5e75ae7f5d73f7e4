namespace Kiln.Gcp.Api;

public sealed partial class ComputeClient
{
    private static string Templates(string project) => $"projects/{project}/global/instanceTemplates";

    public Task<InstanceTemplate?> GetInstanceTemplateAsync(string project, string name, CancellationToken ct) =>
        FindAsync<InstanceTemplate>($"{Templates(project)}/{name}", ct);

    public Task InsertInstanceTemplateAsync(string project, InstanceTemplate template, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Post, Templates(project), template, ct);

    /// <summary>Google refuses with resourceInUseByAnotherResource while a managed instance group uses it.</summary>
    public Task DeleteInstanceTemplateAsync(string project, string name, CancellationToken ct) =>
        RemoveAsync(project, $"{Templates(project)}/{name}", ct);
}
