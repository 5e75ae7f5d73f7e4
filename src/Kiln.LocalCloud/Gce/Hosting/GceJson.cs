using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>Compute Engine's JSON conventions: 64-bit numbers as strings, RFC 3339 times, base64 fingerprints,
/// absent fields left out.</summary>
public static class GceJson
{
    /// <summary>An object of the fields whose values exist.</summary>
    public static JsonObject Object(params (string Key, JsonNode? Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (k, v) in fields) if (v is not null) o[k] = v;
        return o;
    }

    public static JsonNode? Str(string? value) => value is null ? null : JsonValue.Create(value);

    /// <summary>uint64 and int64 fields travel as strings, as Google sends them.</summary>
    public static JsonNode Long(long value) => JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    public static JsonNode Number(ulong value) => JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    public static JsonNode? Time(DateTimeOffset? t) =>
        t is { } v ? JsonValue.Create(v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)) : null;

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());

    public static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    public static JsonObject? Labels(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? null : new JsonObject(labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));

    /// <summary>Fingerprints are 8 bytes, base64 (gcloud decodes them strictly); each change makes a new one.</summary>
    public static string NewFingerprint() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(8));

    /// <summary>Whether a fingerprint a caller sent back is the current one. gcloud (apitools) decodes a fingerprint
    /// and re-encodes it URL-safe, so a '+' or '/' we sent comes back as '-' or '_': both alphabets name the same
    /// bytes.</summary>
    public static bool SameFingerprint(string? given, string current) =>
        given is not null && given.Replace('-', '+').Replace('_', '/') == current.Replace('-', '+').Replace('_', '/');

    /// <summary>Google's fingerprint of empty metadata.</summary>
    public const string EmptyFingerprint = "42WmSpB8rSM=";

    /// <summary>Resource ids: 19-digit unsigned numbers, as Google's are.</summary>
    public static ulong NewNumber() =>
        1_000_000_000_000_000_000UL + BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) % 8_000_000_000_000_000_000UL;

    public static string? String(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(JsonNode? node, string name) => node?[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b) => b,
        _ => null,
    };

    /// <summary>int64 fields arrive as strings or numbers.</summary>
    public static long? Long(JsonNode? node, string name, string field)
    {
        switch (node?[name])
        {
            case null: return null;
            case JsonValue v when v.TryGetValue<long>(out var l): return l;
            case JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l): return l;
            case var other: throw GceErrors.InvalidField(field, other.ToJsonString(), "It must be an integer.");
        }
    }

    public static IReadOnlyList<string> StringList(JsonNode? node, string name) =>
        node?[name] is JsonArray a ? a.Select(i => i?.GetValue<string>() ?? "").ToList() : [];
}
