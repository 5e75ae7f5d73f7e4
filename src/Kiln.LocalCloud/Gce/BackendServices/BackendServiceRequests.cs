using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.BackendServices;

/// <summary>A BackendService body, checked as Google checks an external passthrough one: protocol TCP, scheme
/// EXTERNAL, one health check that exists, backends that are instance groups that exist.</summary>
public static class BackendServiceRequests
{
    public static string Region(GceCall call)
    {
        var region = call.Values["region"];
        return GceCatalog.Regions.ContainsKey(region) ? region : throw GceErrors.NotFound($"projects/{call.Project}/regions/{region}");
    }

    public static GceBackendServiceRecord Apply(StateTx tx, JsonObject body, GceBackendServiceRecord current)
    {
        var protocol = GceJson.String(body, "protocol") ?? current.Protocol;
        if (protocol != "TCP") throw GceErrors.InvalidField("resource.protocol", protocol, "The local cloud's regional backend services are external passthrough ones: protocol TCP.");
        var scheme = GceJson.String(body, "loadBalancingScheme") ?? current.LoadBalancingScheme;
        if (scheme != "EXTERNAL") throw GceErrors.InvalidField("resource.loadBalancingScheme", scheme, "The local cloud's regional backend services are EXTERNAL.");
        var checks = body["healthChecks"] is JsonArray ? GceJson.StringList(body, "healthChecks").Select(h => GceLinks.Path(h, current.Project)).ToList() : current.HealthChecks;
        if (checks.Count != 1) throw GceErrors.Invalid("A backend service has exactly one health check.");
        if (tx.Get<GceHealthCheckRecord>(checks[0]) is null) throw GceErrors.NotFound(checks[0]);
        var backends = current.Backends;
        if (body["backends"] is JsonArray array)
            backends = array.Select((b, i) =>
            {
                var group = GceLinks.Path(GceJson.String(b, "group") ?? throw GceErrors.Required($"resource.backends[{i}].group"), current.Project);
                var manager = group.Replace("/instanceGroups/", "/instanceGroupManagers/", StringComparison.Ordinal);
                if (!group.Contains("/instanceGroups/", StringComparison.Ordinal) || tx.Get<GceInstanceGroupManagerRecord>(manager) is null)
                    throw GceErrors.NotFound(group);
                var mode = GceJson.String(b, "balancingMode") ?? "CONNECTION";
                if (mode != "CONNECTION") throw GceErrors.InvalidField($"resource.backends[{i}].balancingMode", mode, "Passthrough backends balance by CONNECTION.");
                return new GceBackend(group, mode, GceJson.String(b, "description"));
            }).ToList();
        if (backends.Select(b => b.Group).Distinct().Count() != backends.Count) throw GceErrors.Invalid("A backend service names each instance group once.");
        var draining = GceJson.Long(body["connectionDraining"], "drainingTimeoutSec", "resource.connectionDraining.drainingTimeoutSec") ?? current.DrainingTimeoutSec;
        if (draining is < 0 or > 3600) throw GceErrors.InvalidField("resource.connectionDraining.drainingTimeoutSec", draining.ToString(), "It must be 0 to 3600.");
        return current with
        {
            Protocol = protocol, LoadBalancingScheme = scheme, HealthChecks = checks, Backends = backends, DrainingTimeoutSec = (int)draining,
            Description = GceJson.String(body, "description") ?? current.Description,
            SessionAffinity = GceJson.String(body, "sessionAffinity") ?? current.SessionAffinity,
        };
    }
}
