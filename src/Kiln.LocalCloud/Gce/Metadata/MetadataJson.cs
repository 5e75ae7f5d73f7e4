using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Metadata;

/// <summary>The `Metadata` message: `{kind, fingerprint, items: [{key, value}]}`, checked as Google checks it.</summary>
public static class MetadataJson
{
    private const int MaxValueBytes = 262144; // gcloud's and Google's limit for one value

    public static JsonObject Render(GceMetadata m) => GceJson.Object(
        ("kind", "compute#metadata"), ("fingerprint", m.Fingerprint),
        ("items", m.Items.Count == 0 ? null : GceJson.Array(m.Items.Select(i => (JsonNode?)GceJson.Object(("key", i.Key), ("value", GceJson.Str(i.Value)))))));

    public static (string? Fingerprint, IReadOnlyList<GceItem> Items) Parse(JsonNode? node, string field)
    {
        var items = new List<GceItem>();
        if (node?["items"] is JsonArray array)
            foreach (var item in array)
            {
                var key = GceJson.String(item, "key") ?? throw GceErrors.Required($"{field}.items.key");
                if (key.Length is 0 or > 128 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                    throw GceErrors.InvalidField($"{field}.items.key", key, "Metadata keys hold 1 to 128 letters, digits, '-' and '_'.");
                var value = GceJson.String(item, "value");
                if (value is not null && System.Text.Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
                    throw GceErrors.InvalidField($"{field}.items.value", key, $"A metadata value holds at most {MaxValueBytes} bytes.");
                if (items.Any(i => i.Key == key)) throw GceErrors.InvalidField($"{field}.items.key", key, "Metadata keys must be unique.");
                items.Add(new GceItem(key, value));
            }
        return (GceJson.String(node, "fingerprint"), items);
    }
}
