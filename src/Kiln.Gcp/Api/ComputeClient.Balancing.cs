namespace Kiln.Gcp.Api;

/// <summary>An external passthrough Network Load Balancer: a (global) health check, a regional backend service whose
/// backends are instance groups, and a regional forwarding rule in front of it.</summary>
public sealed partial class ComputeClient
{
    private static string HealthChecks(string project) => $"projects/{project}/global/healthChecks";
    private static string BackendServices(string project, string region) => $"projects/{project}/regions/{region}/backendServices";
    private static string ForwardingRules(string project, string region) => $"projects/{project}/regions/{region}/forwardingRules";

    public Task<HealthCheck?> GetHealthCheckAsync(string project, string name, CancellationToken ct) =>
        FindAsync<HealthCheck>($"{HealthChecks(project)}/{name}", ct);

    public Task InsertHealthCheckAsync(string project, HealthCheck check, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Post, HealthChecks(project), check, ct);

    public Task DeleteHealthCheckAsync(string project, string name, CancellationToken ct) =>
        RemoveAsync(project, $"{HealthChecks(project)}/{name}", ct);

    public Task<BackendService?> GetBackendServiceAsync(string project, string region, string name, CancellationToken ct) =>
        FindAsync<BackendService>($"{BackendServices(project, region)}/{name}", ct);

    public Task<IReadOnlyList<BackendService>> ListBackendServicesAsync(string project, string region, CancellationToken ct) =>
        ListAsync<BackendService>(BackendServices(project, region), null, ct);

    public Task InsertBackendServiceAsync(string project, string region, BackendService service, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Post, BackendServices(project, region), service, ct);

    public Task PatchBackendServiceAsync(string project, string region, string name, BackendServicePatch patch, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Patch, $"{BackendServices(project, region)}/{name}", patch, ct);

    public Task DeleteBackendServiceAsync(string project, string region, string name, CancellationToken ct) =>
        RemoveAsync(project, $"{BackendServices(project, region)}/{name}", ct);

    /// <summary>The health of each instance of <paramref name="group"/> (an instance group URL) as the service sees it.</summary>
    public async Task<IReadOnlyList<HealthStatus>> GetBackendHealthAsync(string project, string region, string name, string group, CancellationToken ct) =>
        (await transport.PostAsync<BackendServiceGroupHealth>($"{BackendServices(project, region)}/{name}/getHealth",
            new ResourceGroupReference(group), ct)).HealthStatus ?? [];

    public Task<IReadOnlyList<ForwardingRule>> ListForwardingRulesAsync(string project, string region, CancellationToken ct) =>
        ListAsync<ForwardingRule>(ForwardingRules(project, region), null, ct);

    public Task<ForwardingRule?> GetForwardingRuleAsync(string project, string region, string name, CancellationToken ct) =>
        FindAsync<ForwardingRule>($"{ForwardingRules(project, region)}/{name}", ct);

    public Task InsertForwardingRuleAsync(string project, string region, ForwardingRule rule, CancellationToken ct) =>
        MutateAsync(project, HttpMethod.Post, ForwardingRules(project, region), rule, ct);

    public Task DeleteForwardingRuleAsync(string project, string region, string name, CancellationToken ct) =>
        RemoveAsync(project, $"{ForwardingRules(project, region)}/{name}", ct);
}
