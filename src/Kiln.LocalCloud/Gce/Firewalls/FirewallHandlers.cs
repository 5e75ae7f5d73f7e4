using System.Net;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Firewalls;

/// <summary>firewalls.insert, get, list, delete, on the default network. Every instance publishes port 22 on its
/// address whatever the rules say (as every default network's default-allow-ssh rule does); the rules are kept and
/// answered as written.</summary>
public static class FirewallHandlers
{
    private static string PathOf(GceCall call) => $"projects/{call.Project}/global/firewalls/{call.Name}";

    public static JsonObject Render(GceCall call, GceFirewallRecord f) => Object(
        ("kind", "compute#firewall"), ("id", Number(f.Number)), ("creationTimestamp", Time(f.Created)), ("name", f.Name),
        ("description", Str(f.Description)), ("network", call.Link(f.Network)), ("priority", f.Priority), ("direction", f.Direction),
        ("allowed", f.Allowed.Count == 0 ? null : Rules(f.Allowed)), ("denied", f.Denied.Count == 0 ? null : Rules(f.Denied)),
        ("sourceRanges", f.SourceRanges.Count == 0 ? null : Strings(f.SourceRanges)),
        ("destinationRanges", f.DestinationRanges.Count == 0 ? null : Strings(f.DestinationRanges)),
        ("sourceTags", f.SourceTags.Count == 0 ? null : Strings(f.SourceTags)),
        ("targetTags", f.TargetTags.Count == 0 ? null : Strings(f.TargetTags)),
        ("logConfig", new JsonObject { ["enable"] = false }), ("disabled", f.Disabled), ("selfLink", call.Link(f.Id)));

    private static JsonArray Rules(IEnumerable<GceFirewallRule> rules) => Array(rules.Select(r => (JsonNode?)Object(
        ("IPProtocol", r.IpProtocol), ("ports", r.Ports.Count == 0 ? null : Strings(r.Ports)))));

    public static JsonNodeResult Get(GceCall call)
    {
        GceProjects.Require(call);
        return Render(call, call.Cloud.State.Read(tx => tx.Get<GceFirewallRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call)));
    }

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        var path = $"projects/{call.Project}/global/firewalls";
        var rows = call.Cloud.State.Read(tx => tx.All<GceFirewallRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#firewallList", path, rows.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => Render(call, f)));
    }

    public static async Task<JsonNode> InsertAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var network = GceLinks.Path(GceJson.String(body, "network") ?? "global/networks/default", call.Project);
        if (network != $"projects/{call.Project}/global/networks/default") throw GceErrors.NotFound(network);
        var allowed = ParseRules(body["allowed"], "resource.allowed");
        var denied = ParseRules(body["denied"], "resource.denied");
        if (allowed.Count == 0 && denied.Count == 0) throw GceErrors.Required("resource.allowed");
        if (allowed.Count > 0 && denied.Count > 0) throw GceErrors.Invalid("A firewall rule has allowed or denied entries, not both.");
        var direction = GceJson.String(body, "direction") ?? "INGRESS";
        if (direction is not ("INGRESS" or "EGRESS")) throw GceErrors.InvalidField("resource.direction", direction, "It must be INGRESS or EGRESS.");
        var sourceRanges = Ranges(body, "sourceRanges");
        var destinationRanges = Ranges(body, "destinationRanges");
        var priority = (int)(GceJson.Long(body, "priority", "resource.priority") ?? 1000);
        if (priority is < 0 or > 65535) throw GceErrors.InvalidField("resource.priority", priority.ToString(System.Globalization.CultureInfo.InvariantCulture), "It must be 0 to 65535.");
        var targetTags = GceJson.StringList(body, "targetTags").Select(t => GceNames.Check(t, "resource.targetTags")).ToList();
        var sourceTags = GceJson.StringList(body, "sourceTags").Select(t => GceNames.Check(t, "resource.sourceTags")).ToList();
        if (direction == "INGRESS" && sourceRanges.Count == 0 && sourceTags.Count == 0) sourceRanges = ["0.0.0.0/0"];
        var path = $"projects/{call.Project}/global/firewalls/{name}";
        var rule = new GceFirewallRecord(path, NewNumber(), call.Project, name, GceJson.String(body, "description"), network,
            priority, direction, allowed, denied, sourceRanges, destinationRanges, sourceTags, targetTags,
            GceJson.Bool(body, "disabled") ?? false, call.Now);
        call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceFirewallRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            tx.Put(rule);
        });
        return await GceOperations.RunAsync(call, "insert", path, rule.Number, zone: null, _ => Task.CompletedTask, ct);
    }

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var path = PathOf(call);
        var rule = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceFirewallRecord>(path) ?? throw GceErrors.NotFound(path);
            tx.Delete<GceFirewallRecord>(path);
            return current;
        });
        return await GceOperations.RunAsync(call, "delete", path, rule.Number, zone: null, _ => Task.CompletedTask, ct);
    }

    private static readonly string[] Protocols = ["tcp", "udp", "icmp", "esp", "ah", "sctp", "ipip", "all"];

    private static List<GceFirewallRule> ParseRules(JsonNode? node, string field)
    {
        var rules = new List<GceFirewallRule>();
        if (node is not JsonArray array) return rules;
        foreach (var entry in array)
        {
            var protocol = GceJson.String(entry, "IPProtocol") ?? throw GceErrors.Required($"{field}.IPProtocol");
            if (!Protocols.Contains(protocol) && !int.TryParse(protocol, out _))
                throw GceErrors.InvalidField($"{field}.IPProtocol", protocol, "It must be tcp, udp, icmp, esp, ah, sctp, ipip, all or a protocol number.");
            var ports = GceJson.StringList(entry, "ports");
            foreach (var p in ports)
                if (!p.Split('-').All(x => int.TryParse(x, out var n) && n is >= 0 and <= 65535) || p.Split('-').Length > 2)
                    throw GceErrors.InvalidField($"{field}.ports", p, "Ports are a number or a range (8000-8080) from 0 to 65535.");
            rules.Add(new GceFirewallRule(protocol, ports));
        }
        return rules;
    }

    private static List<string> Ranges(JsonObject body, string field)
    {
        var ranges = GceJson.StringList(body, field).ToList();
        foreach (var r in ranges)
            if (!IPNetwork.TryParse(r, out _) && !IPAddress.TryParse(r, out _))
                throw GceErrors.InvalidField($"resource.{field}", r, "It must be an IP range in CIDR form (203.0.113.0/24).");
        return ranges;
    }
}
