using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Gce.Listing;

/// <summary>List answers: filtered, in name order, paged with maxResults (at most 500, Google's cap) and an opaque
/// pageToken; the aggregated form keys the items by scope (`zones/us-central1-a`), empty scopes carrying Google's
/// NO_RESULTS_ON_PAGE warning.</summary>
public static class GceList
{
    public const int MaxResults = 500;

    public static JsonObject Page(GceCall call, string kind, string listPath, IEnumerable<JsonObject> items)
    {
        var filtered = Filtered(call, items).ToList();
        var max = MaxOf(call);
        var start = Token(call.QueryValue("pageToken"));
        var page = filtered.Skip(start).Take(max).ToList();
        var next = start + page.Count < filtered.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture))) : null;
        return GceJson.Object(
            ("kind", kind), ("id", listPath), ("items", GceJson.Array(page)), ("nextPageToken", GceJson.Str(next)),
            ("selfLink", call.Link(listPath)));
    }

    public static JsonObject Aggregated(GceCall call, string kind, string listPath, string field,
        IEnumerable<string> scopes, Func<string, IEnumerable<JsonObject>> itemsOf)
    {
        var items = new JsonObject();
        foreach (var scope in scopes)
        {
            var found = Filtered(call, itemsOf(scope)).ToList();
            items[scope] = found.Count > 0
                ? new JsonObject { [field] = GceJson.Array(found) }
                : new JsonObject
                {
                    ["warning"] = new JsonObject
                    {
                        ["code"] = "NO_RESULTS_ON_PAGE",
                        ["message"] = $"There are no results for scope '{scope}' on this page.",
                        ["data"] = new JsonArray(new JsonObject { ["key"] = "scope", ["value"] = scope }),
                    },
                };
        }
        return GceJson.Object(("kind", kind), ("id", listPath), ("items", items), ("selfLink", call.Link(listPath)));
    }

    private static IEnumerable<JsonObject> Filtered(GceCall call, IEnumerable<JsonObject> items)
    {
        var filter = GceFilter.Parse(call.QueryValue("filter"));
        return filter is null ? items : items.Where(filter.Matches);
    }

    private static int MaxOf(GceCall call)
    {
        if (call.QueryValue("maxResults") is not { } v) return MaxResults;
        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0 || n > MaxResults)
            throw GceErrors.InvalidField("maxResults", v, $"It must be between 0 and {MaxResults}.");
        return n == 0 ? MaxResults : n;
    }

    private static int Token(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            return int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw GceErrors.InvalidField("pageToken", token, "It is not a page token this endpoint gave.");
        }
    }
}
