using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Balancing;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.BackendServices;

/// <summary>regionBackendServices.insert, get, list, aggregatedList, patch, update, delete, getHealth. The
/// controlling process probes the backends' instances with the health check and drains an instance that leaves
/// for connectionDraining.drainingTimeoutSec (Google's default 300 s; open connections end it sooner here).</summary>
public static class BackendServiceHandlers
{
    private static string PathOf(GceCall call) => $"projects/{call.Project}/regions/{BackendServiceRequests.Region(call)}/backendServices/{call.Name}";

    public static JsonObject Render(GceCall call, GceBackendServiceRecord b) => Object(
        ("kind", "compute#backendService"), ("id", Number(b.Number)), ("creationTimestamp", Time(b.Created)), ("name", b.Name),
        ("description", Str(b.Description)), ("region", call.Link($"projects/{b.Project}/regions/{b.Region}")),
        ("protocol", b.Protocol), ("loadBalancingScheme", b.LoadBalancingScheme), ("healthChecks", Strings(b.HealthChecks.Select(call.Link))),
        ("backends", b.Backends.Count == 0 ? null : Array(b.Backends.Select(x => (JsonNode?)Object(("group", call.Link(x.Group)),
            ("balancingMode", x.BalancingMode), ("description", Str(x.Description)))))),
        ("connectionDraining", Object(("drainingTimeoutSec", b.DrainingTimeoutSec))), ("sessionAffinity", b.SessionAffinity),
        ("timeoutSec", 30), ("fingerprint", b.Fingerprint), ("selfLink", call.Link(b.Id)));

    private static GceBackendServiceRecord Find(GceCall call)
    {
        GceProjects.Require(call);
        return call.Cloud.State.Read(tx => tx.Get<GceBackendServiceRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call));
    }

    public static JsonNodeResult Get(GceCall call) => Render(call, Find(call));

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        var path = $"projects/{call.Project}/regions/{BackendServiceRequests.Region(call)}/backendServices";
        var rows = call.Cloud.State.Read(tx => tx.All<GceBackendServiceRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#backendServiceList", path, rows.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => Render(call, b)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceBackendServiceRecord>(nameGlobs: [$"projects/{call.Project}/regions/*"]));
        return GceList.Aggregated(call, "compute#backendServiceAggregatedList", $"projects/{call.Project}/aggregated/backendServices", "backendServices",
            ["global", .. GceCatalog.Regions.Keys.Order().Select(r => $"regions/{r}")],
            scope => rows.Where(b => $"regions/{b.Region}" == scope).OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => Render(call, b)));
    }

    public static async Task<JsonNode> InsertAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var region = BackendServiceRequests.Region(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var path = $"projects/{call.Project}/regions/{region}/backendServices/{name}";
        var service = call.Cloud.State.Write(tx =>
        {
            var empty = new GceBackendServiceRecord(path, NewNumber(), call.Project, region, name, null, "TCP", "EXTERNAL", [], [], 300, "NONE",
                NewFingerprint(), call.Now);
            var b = BackendServiceRequests.Apply(tx, body, empty);
            if (tx.Get<GceBackendServiceRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            tx.Put(b);
            return b;
        });
        return await GceOperations.RunRegionalAsync(call, "insert", path, service.Number, region, _ => Task.CompletedTask, ct);
    }

    /// <summary>patch changes the fields given; update (PUT, what `add-backend` sends) replaces the backends too.</summary>
    public static async Task<JsonNode> PatchAsync(GceCall call, CancellationToken ct)
    {
        var path = Find(call).Id;
        var body = call.RequireBody();
        var fingerprint = GceJson.String(body, "fingerprint");
        var service = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceBackendServiceRecord>(path) ?? throw GceErrors.NotFound(path);
            if (fingerprint is not null && !SameFingerprint(fingerprint, current.Fingerprint)) throw GceErrors.StaleFingerprint("backend service");
            var changed = BackendServiceRequests.Apply(tx, body, current) with { Fingerprint = NewFingerprint() };
            tx.Put(changed);
            return changed;
        });
        return await GceOperations.RunRegionalAsync(call, call.Method.EndsWith("update", StringComparison.Ordinal) ? "update" : "patch", path,
            service.Number, service.Region, _ => Task.CompletedTask, ct);
    }

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        var path = Find(call).Id;
        var service = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceBackendServiceRecord>(path) ?? throw GceErrors.NotFound(path);
            if (tx.All<GceForwardingRuleRecord>().FirstOrDefault(r => r.BackendService == path) is { } rule)
                throw GceErrors.InUse($"backend_service resource '{path}'", rule.Id);
            tx.Delete<GceBackendServiceRecord>(path);
            tx.Delete<Kiln.LocalCloud.ElbV2.TargetHealthRecord>(path);
            return current;
        });
        return await GceOperations.RunRegionalAsync(call, "delete", path, service.Number, service.Region, _ => Task.CompletedTask, ct);
    }

    /// <summary>Each instance of the group the body names, with the health the controlling process last saw.</summary>
    public static JsonNodeResult GetHealth(GceCall call)
    {
        var service = Find(call);
        var group = GceLinks.Path(GceJson.String(call.RequireBody(), "group") ?? throw GceErrors.Required("resourceGroupReference.group"), call.Project);
        if (service.Backends.All(b => b.Group != group))
            throw GceErrors.InvalidField("resourceGroupReference.group", group, "The instance group is not a backend of this backend service.");
        var (health, g, instances, rule) = call.Cloud.State.Read(tx =>
        {
            var g = tx.Get<GceInstanceGroupManagerRecord>(group.Replace("/instanceGroups/", "/instanceGroupManagers/", StringComparison.Ordinal));
            return (GceHealth.Of(tx, service.Id), g,
                g is null || g.Members.Count == 0 ? [] : tx.All<GceInstanceRecord>(ids: g.Members.Select(m => m.Instance).ToList()),
                tx.All<GceForwardingRuleRecord>().FirstOrDefault(r => r.BackendService == service.Id));
        });
        var items = instances.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => (JsonNode?)Object(
            ("instance", call.Link(i.Id)), ("ipAddress", i.Address), ("port", rule?.Ports.First()),
            ("healthState", GceHealth.GoogleState(health.GetValueOrDefault(i.Id)) is "HEALTHY" ? "HEALTHY" : "UNHEALTHY"),
            ("forwardingRule", rule is null ? null : call.Link(rule.Id)), ("forwardingRuleIp", Str(rule?.IpAddress))));
        return Object(("kind", "compute#backendServiceGroupHealth"), ("healthStatus", g is null ? null : Array(items)));
    }
}
