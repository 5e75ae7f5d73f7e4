namespace Kiln.LocalCloud.State;

/// <summary>Tag dictionaries are stored immutable; these return changed copies.</summary>
public static class TagSet
{
    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> With(this IReadOnlyDictionary<string, string> tags, IEnumerable<KeyValuePair<string, string>> add)
    {
        var d = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        foreach (var (k, v) in add) d[k] = v;
        return d;
    }

    /// <summary>Removes keys; where a value is given, only when the tag has that value (DeleteTags semantics).</summary>
    public static IReadOnlyDictionary<string, string> Without(this IReadOnlyDictionary<string, string> tags, IEnumerable<(string Key, string? Value)> remove)
    {
        var d = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        foreach (var (k, v) in remove)
            if (d.TryGetValue(k, out var current) && (v is null || v == current)) d.Remove(k);
        return d;
    }
}
