using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.HealthChecks;

/// <summary>
/// healthChecks.insert, get, list, aggregatedList, delete (global; types HTTP and TCP). Google's defaults: every
/// 5 s, 5 s time-out, 2 successes, 2 failures, port 80. The checks probe for real wherever a backend service or an
/// autohealing policy uses them. One in use cannot be deleted (resourceInUseByAnotherResource).
/// </summary>
public static class HealthCheckHandlers
{
    private static string PathOf(GceCall call) => $"projects/{call.Project}/global/healthChecks/{call.Name}";

    public static JsonObject Render(GceCall call, GceHealthCheckRecord h) => Object(
        ("kind", "compute#healthCheck"), ("id", Number(h.Number)), ("creationTimestamp", Time(h.Created)), ("name", h.Name),
        ("description", Str(h.Description)), ("type", h.Type), ("checkIntervalSec", h.CheckIntervalSec), ("timeoutSec", h.TimeoutSec),
        ("healthyThreshold", h.HealthyThreshold), ("unhealthyThreshold", h.UnhealthyThreshold),
        (h.Type == "HTTP" ? "httpHealthCheck" : "tcpHealthCheck", Object(("port", h.Port), ("portSpecification", "USE_FIXED_PORT"),
            ("requestPath", h.Type == "HTTP" ? Str(h.RequestPath) : null), ("proxyHeader", "NONE"))),
        ("selfLink", call.Link(h.Id)));

    public static JsonNodeResult Get(GceCall call)
    {
        GceProjects.Require(call);
        return Render(call, call.Cloud.State.Read(tx => tx.Get<GceHealthCheckRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call)));
    }

    private static IEnumerable<GceHealthCheckRecord> All(GceCall call) => call.Cloud.State
        .Read(tx => tx.All<GceHealthCheckRecord>(nameGlobs: [$"projects/{call.Project}/global/healthChecks/*"])).OrderBy(h => h.Name, StringComparer.Ordinal);

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        return GceList.Page(call, "compute#healthCheckList", $"projects/{call.Project}/global/healthChecks", All(call).Select(h => Render(call, h)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var all = All(call).ToList();
        return GceList.Aggregated(call, "compute#healthChecksAggregatedList", $"projects/{call.Project}/aggregated/healthChecks", "healthChecks",
            ["global", .. GceCatalog.Regions.Keys.Order().Select(r => $"regions/{r}")], scope => scope == "global" ? all.Select(h => Render(call, h)) : []);
    }

    public static async Task<JsonNode> InsertAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var type = GceJson.String(body, "type") ?? (body["httpHealthCheck"] is not null ? "HTTP" : body["tcpHealthCheck"] is not null ? "TCP" : null)
            ?? throw GceErrors.Required("resource.type");
        if (type is not ("HTTP" or "TCP"))
            throw GceErrors.InvalidField("resource.type", type, "The local cloud checks HTTP and TCP health checks.");
        var spec = body[type == "HTTP" ? "httpHealthCheck" : "tcpHealthCheck"];
        var field = $"resource.{(type == "HTTP" ? "httpHealthCheck" : "tcpHealthCheck")}";
        var port = (int)(GceJson.Long(spec, "port", field + ".port") ?? 80);
        if (port is < 1 or > 65535) throw GceErrors.InvalidField(field + ".port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "It must be 1 to 65535.");
        var path = GceJson.String(spec, "requestPath") ?? "/";
        if (!path.StartsWith('/')) throw GceErrors.InvalidField(field + ".requestPath", path, "It must start with '/'.");
        var interval = Range(body, "checkIntervalSec", 5, 1, 300);
        var timeout = Range(body, "timeoutSec", 5, 1, 300);
        if (timeout > interval) throw GceErrors.Invalid("timeoutSec must be less than or equal to checkIntervalSec.");
        var fullPath = $"projects/{call.Project}/global/healthChecks/{name}";
        var check = new GceHealthCheckRecord(fullPath, NewNumber(), call.Project, name, GceJson.String(body, "description"), type, port,
            type == "HTTP" ? path : null, interval, timeout, Range(body, "healthyThreshold", 2, 1, 10), Range(body, "unhealthyThreshold", 2, 1, 10), call.Now);
        call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceHealthCheckRecord>(fullPath) is not null) throw GceErrors.AlreadyExists(fullPath);
            tx.Put(check);
        });
        return await GceOperations.RunAsync(call, "insert", fullPath, check.Number, zone: null, _ => Task.CompletedTask, ct);
    }

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var path = PathOf(call);
        var check = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceHealthCheckRecord>(path) ?? throw GceErrors.NotFound(path);
            var user = tx.All<GceBackendServiceRecord>().Where(b => b.HealthChecks.Contains(path)).Select(b => b.Id)
                .Concat(tx.All<GceInstanceGroupManagerRecord>().Where(g => g.AutoHealing.Any(a => a.HealthCheck == path)).Select(g => g.Id)).FirstOrDefault();
            if (user is not null) throw GceErrors.InUse($"health_check resource '{path}'", user);
            tx.Delete<GceHealthCheckRecord>(path);
            return current;
        });
        return await GceOperations.RunAsync(call, "delete", path, check.Number, zone: null, _ => Task.CompletedTask, ct);
    }

    private static int Range(JsonObject body, string name, int fallback, int min, int max)
    {
        var v = GceJson.Long(body, name, "resource." + name) ?? fallback;
        return v >= min && v <= max ? (int)v : throw GceErrors.InvalidField("resource." + name, v.ToString(System.Globalization.CultureInfo.InvariantCulture), $"It must be {min} to {max}.");
    }
}
