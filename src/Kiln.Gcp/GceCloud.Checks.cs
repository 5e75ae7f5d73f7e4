using Kiln.Core.Cloud;

namespace Kiln.Gcp;

/// <summary>Where the instance would run, checked before anything is created: the project, the zone and the machine
/// type must exist (asked together; each missing one is named).</summary>
public sealed partial class GceCloud
{
    public async Task<IReadOnlyList<string>> LaunchProblemsAsync(string machineType, CancellationToken ct)
    {
        var where = await WhereProblemsAsync(ct);
        if (where.Count > 0) return where;
        return await Missing(Api.GetMachineTypeAsync(Project, Zone, machineType, ct))
            ? [$"machine type '{machineType}' does not exist in zone {Zone}: choose one such as e2-small (`gcloud compute machine-types list --zones {Zone}`)"]
            : [];
    }

    /// <summary>The project and the zone, asked together.</summary>
    public async Task<IReadOnlyList<string>> WhereProblemsAsync(CancellationToken ct)
    {
        var project = Missing(Api.GetProjectAsync(Project, ct));
        var zone = Missing(Api.GetZoneAsync(Project, Zone, ct));
        await Task.WhenAll(project, zone);
        if (project.Result) return [$"project '{Project}' does not exist on {Describe} (or these credentials cannot see it): check project: in kiln.yml or --project"];
        if (zone.Result) return [$"zone '{Zone}' is not a Compute Engine zone of project {Project}: check zone: in kiln.yml or --zone (e.g. asia-northeast1-b)"];
        return [];
    }

    /// <summary>True when the call answered notFound (Google also answers a bad name with 400 invalid).</summary>
    private static async Task<bool> Missing<T>(Task<T> call)
    {
        try { await call; return false; }
        catch (CloudException e) when (e.IsNotFound || e.Code is "invalid" or "badRequest" || e.StatusCode == 400) { return true; }
    }
}
