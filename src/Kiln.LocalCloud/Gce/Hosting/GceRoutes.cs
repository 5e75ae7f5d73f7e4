namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>One route: verb, path pattern under /compute/v1/ (`projects/{project}/zones/{zone}/instances/{name}`),
/// the API method it is, and its handler.</summary>
public sealed record GceRoute(string Verb, string[] Segments, string Method, GceHandler Handler);

/// <summary>
/// The route table, matched segment by segment (a few dozen routes: a linear scan costs microseconds, and nothing is
/// built until the first Compute Engine request, so the endpoint's start pays nothing for it).
/// </summary>
public sealed class GceRoutes
{
    private readonly List<GceRoute> _routes = [];

    public GceRoutes Add(string verb, string pattern, string method, GceHandler handler)
    {
        _routes.Add(new GceRoute(verb, pattern.Split('/'), method, handler));
        return this;
    }

    public GceRoutes Add(string verb, string pattern, string method, Func<GceCall, JsonNodeResult> handler) =>
        Add(verb, pattern, method, (call, _) => Task.FromResult(handler(call).Node));

    public (GceRoute Route, Dictionary<string, string> Values)? Match(string verb, string[] segments)
    {
        foreach (var route in _routes)
        {
            if (route.Verb != verb || route.Segments.Length != segments.Length) continue;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < segments.Length && ok; i++)
            {
                var p = route.Segments[i];
                if (p.StartsWith('{')) values[p[1..^1]] = Uri.UnescapeDataString(segments[i]);
                else ok = p == segments[i];
            }
            if (ok) return (route, values);
        }
        return null;
    }

    /// <summary>A method name for a path no route serves, for the refusal: `compute.instances.reset` from
    /// `projects/p/zones/z/instances/vm/reset`.</summary>
    public static string Describe(string verb, string[] segments)
    {
        var collections = new[] { "instances", "disks", "images", "firewalls", "operations", "zones", "regions", "machineTypes",
            "networks", "snapshots", "instanceTemplates", "instanceGroupManagers", "subnetworks", "addresses", "routes" };
        var at = System.Array.FindLastIndex(segments, s => collections.Contains(s));
        if (at < 0) return segments.Length == 2 && segments[0] == "projects" ? $"compute.projects.{(verb == "GET" ? "get" : verb.ToLowerInvariant())}" : "an unknown method";
        var collection = segments[at];
        var rest = segments.Length - at - 1;
        var action = rest switch
        {
            0 => verb == "GET" ? "list" : verb == "POST" ? "insert" : verb.ToLowerInvariant(),
            1 => verb switch { "GET" => "get", "DELETE" => "delete", "PATCH" => "patch", "PUT" => "update", _ => verb.ToLowerInvariant() },
            _ => segments[^1],
        };
        return $"compute.{collection}.{action}";
    }
}

/// <summary>A synchronous handler's answer (wrapped so sync handlers stay plain functions).</summary>
public readonly record struct JsonNodeResult(System.Text.Json.Nodes.JsonNode Node)
{
    public static implicit operator JsonNodeResult(System.Text.Json.Nodes.JsonObject node) => new(node);
}
