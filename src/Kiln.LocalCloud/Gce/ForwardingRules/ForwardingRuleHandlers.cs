using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.BackendServices;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.ForwardingRules;

/// <summary>
/// forwardingRules.insert, get, list, aggregatedList, delete (regional, external passthrough to a backend service).
/// Without an IPAddress the rule gets a loopback address of its own (127.78.0.0/16, apart from the instances'); the controlling
/// process listens there on each port and forwards every connection to a healthy backend on the same port.
/// </summary>
public static class ForwardingRuleHandlers
{
    private static string PathOf(GceCall call) => $"projects/{call.Project}/regions/{BackendServiceRequests.Region(call)}/forwardingRules/{call.Name}";

    public static JsonObject Render(GceCall call, GceForwardingRuleRecord r) => Object(
        ("kind", "compute#forwardingRule"), ("id", Number(r.Number)), ("creationTimestamp", Time(r.Created)), ("name", r.Name),
        ("description", Str(r.Description)), ("region", call.Link($"projects/{r.Project}/regions/{r.Region}")),
        ("IPAddress", r.IpAddress), ("IPProtocol", r.IpProtocol), ("portRange", r.PortRange), ("backendService", call.Link(r.BackendService)),
        ("loadBalancingScheme", r.LoadBalancingScheme), ("networkTier", "PREMIUM"), ("ipVersion", "IPV4"),
        ("labels", Labels(r.Labels)), ("labelFingerprint", r.LabelFingerprint), ("fingerprint", r.Fingerprint), ("selfLink", call.Link(r.Id)));

    public static JsonNodeResult Get(GceCall call)
    {
        GceProjects.Require(call);
        return Render(call, call.Cloud.State.Read(tx => tx.Get<GceForwardingRuleRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call)));
    }

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        var path = $"projects/{call.Project}/regions/{BackendServiceRequests.Region(call)}/forwardingRules";
        var rows = call.Cloud.State.Read(tx => tx.All<GceForwardingRuleRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#forwardingRuleList", path, rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => Render(call, r)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceForwardingRuleRecord>(nameGlobs: [$"projects/{call.Project}/regions/*"]));
        return GceList.Aggregated(call, "compute#forwardingRuleAggregatedList", $"projects/{call.Project}/aggregated/forwardingRules", "forwardingRules",
            ["global", .. GceCatalog.Regions.Keys.Order().Select(r => $"regions/{r}")],
            scope => rows.Where(r => $"regions/{r.Region}" == scope).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => Render(call, r)));
    }

    public static async Task<JsonNode> InsertAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var region = BackendServiceRequests.Region(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var protocol = GceJson.String(body, "IPProtocol") ?? "TCP";
        if (protocol != "TCP") throw GceErrors.InvalidField("resource.IPProtocol", protocol, "The local cloud forwards TCP.");
        var scheme = GceJson.String(body, "loadBalancingScheme") ?? "EXTERNAL";
        if (scheme != "EXTERNAL") throw GceErrors.InvalidField("resource.loadBalancingScheme", scheme, "The local cloud's forwarding rules are EXTERNAL passthrough ones.");
        var range = ForwardingRuleRequests.PortRange(body);
        var wanted = ForwardingRuleRequests.Address(body);
        var backend = GceLinks.Path(GceJson.String(body, "backendService") ?? throw GceErrors.Required("resource.backendService"), call.Project);
        var labels = GceNames.Labels(body["labels"]);
        if (wanted is not null) ForwardingRuleRequests.RequireFree(wanted, range);
        var path = $"projects/{call.Project}/regions/{region}/forwardingRules/{name}";
        var rule = call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceBackendServiceRecord>(backend) is null) throw GceErrors.NotFound(backend);
            if (tx.Get<GceForwardingRuleRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            var number = NewNumber();
            string address;
            if (wanted is null)
            {
                try
                {
                    address = call.Cloud.Addresses.AllocateListener(tx, GceForwardingRuleRecord.AddressOwnerOf(number), call.Now,
                        a => ForwardingRuleRequests.BusyPort(a, range) is null);
                }
                catch (Kiln.LocalCloud.Hosting.Ec2Exception e) { throw new GceException(503, "IP_SPACE_EXHAUSTED", e.Message); }
            }
            else
            {
                address = wanted;
                var clash = tx.All<GceForwardingRuleRecord>().FirstOrDefault(r => r.IpAddress == address && r.Ports.Intersect(Ports(range)).Any());
                if (clash is not null) throw GceErrors.Invalid($"The forwarding rule '{clash.Id}' already listens on {address} in {range}.");
            }
            var r = new GceForwardingRuleRecord(path, number, call.Project, region, name, GceJson.String(body, "description"), address, protocol,
                range, backend, scheme, labels, NewFingerprint(), NewFingerprint(), call.Now);
            tx.Put(r);
            return r;
        });
        return await GceOperations.RunRegionalAsync(call, "insert", path, rule.Number, region, _ => Task.CompletedTask, ct);
    }

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var path = PathOf(call);
        var rule = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceForwardingRuleRecord>(path) ?? throw GceErrors.NotFound(path);
            tx.Delete<GceForwardingRuleRecord>(path);
            call.Cloud.Addresses.Release(tx, current.AddressOwner);
            return current;
        });
        return await GceOperations.RunRegionalAsync(call, "delete", path, rule.Number, rule.Region, _ => Task.CompletedTask, ct);
    }

    private static IEnumerable<int> Ports(string range) => new GceForwardingRuleRecord("", 0, "", "", "", null, "", "", range, "", "",
        new Dictionary<string, string>(), "", "", default).Ports;
}
