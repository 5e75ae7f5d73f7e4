using System.Globalization;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Config;

/// <summary>Typed, position-aware access to one object's options. Every key asked for is remembered, so what is
/// left at the end is an unknown key (reported with its position and the nearest known spelling), as Packer's
/// validation does. Types are weak as Packer's mapstructure decoding is: "50" is an integer, "true" a boolean.
/// With <paramref name="packer"/> the rest of Packer's decoding applies too (<see cref="PackerDecoding"/>).</summary>
public sealed class OptionReader(ConfigMap map, Problems problems, string owner, Func<ConfigScalar, string?>? render = null,
    bool packer = false)
{
    private readonly HashSet<string> _asked = [];

    public ConfigMap Map => map;
    public string Owner => owner;
    public Problems Problems => problems;

    /// <summary>A reader for an object inside this one, rendering and decoding strings the same way.</summary>
    public OptionReader Nested(ConfigMap inner, string innerOwner) => new(inner, problems, innerOwner, render, packer);

    /// <summary>The node under the key (null when absent or JSON null), marking the key as known.</summary>
    public ConfigNode? Node(string key)
    {
        _asked.Add(key);
        var node = map.Find(key)?.Value;
        return node is ConfigScalar { Kind: ScalarKind.Null } ? null : node;
    }

    public bool Has(string key) => Node(key) is not null;

    public string? String(string key) => Node(key) is { } node ? AsString(node) : null;

    public string? AsString(ConfigNode node)
    {
        if (node is not ConfigScalar scalar) return Wrong(node, "a string");
        if (packer && scalar.Kind == ScalarKind.Bool) return PackerDecoding.BoolAsString(scalar.Value);
        return scalar.Kind == ScalarKind.String && render is not null ? render(scalar) : scalar.Value;
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Node(key) is not { } node) return null;
        if (node is not ConfigScalar) return Wrong(node, "an integer");
        var text = AsString(node);
        if (text is null || packer && text.Length == 0) return null;
        if (!(packer ? PackerDecoding.TryParseInt(text, out var value)
                : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)))
            return Wrong(node, "an integer", text);
        if (value < min || value > max) { problems.At(node, $"{value} is out of range: expected {min} to {max}"); return null; }
        return value;
    }

    public bool? Bool(string key)
    {
        if (Node(key) is not { } node) return null;
        if (node is not ConfigScalar) return Wrong(node, "true or false");
        var text = AsString(node);
        if (packer && node is ConfigScalar { Kind: ScalarKind.Number } number) return PackerDecoding.NumberAsBool(number.Value);
        return text switch
        {
            null => null,
            "" when packer => null,
            "1" or "t" or "T" or "true" or "True" or "TRUE" => true,
            "0" or "f" or "F" or "false" or "False" or "FALSE" => false,
            _ => (bool?)Wrong(node, "true or false", text),
        };
    }

    public TimeSpan? Duration(string key)
    {
        if (Node(key) is not { } node) return null;
        if (node is not ConfigScalar) return Wrong(node, "a duration such as \"5m\" or \"30s\"");
        var text = node is ConfigScalar { Kind: ScalarKind.Number } ? null : AsString(node);
        if (text is null) return node is ConfigScalar { Kind: ScalarKind.Number } ? (TimeSpan?)Wrong(node, "a duration such as \"5m\" or \"30s\"") : null;
        if (packer && text.Length == 0) return null;
        return GoDuration.TryParse(text, out var value) ? value : (TimeSpan?)Wrong(node, "a duration such as \"5m\" or \"30s\"", text);
    }

    /// <summary>A list of strings; a single string counts as a list of one (Packer's weak decoding), or in Packer
    /// mode as a comma-separated list (Packer decodes with mapstructure's StringToSliceHookFunc(",")).</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        if (Node(key) is not { } node) return null;
        if (node is ConfigScalar) return AsString(node) is { } one ? packer ? PackerDecoding.SplitList(one) : [one] : null;
        if (node is not ConfigList list) return (List<string>?)Wrong(node, "a list of strings");
        var result = new List<string>();
        foreach (var item in list.Items)
            if (AsString(item) is { } s) result.Add(s);
        return result;
    }

    /// <summary>A list of integers, read as <see cref="StringList"/> reads strings (so "0,1" is [0, 1] in Packer mode).</summary>
    public IReadOnlyList<int>? IntList(string key)
    {
        if (StringList(key) is not { } items) return null;
        var result = new List<int>();
        foreach (var item in items)
        {
            if (packer ? PackerDecoding.TryParseInt(item.Trim(), out var value)
                : int.TryParse(item.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                result.Add(value);
            else
                return (List<int>?)Wrong(Node(key)!, "a list of integers", item);
        }
        return result;
    }

    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        if (Node(key) is not { } node) return null;
        if (node is not ConfigMap m) return (Dictionary<string, string>?)Wrong(node, "an object of strings");
        var result = new Dictionary<string, string>();
        foreach (var entry in m.Entries)
            if (AsString(entry.Value) is { } s) result[entry.Key] = s;
        return result;
    }

    /// <summary>A list option's values, each with the node it came from (its item, or the comma-separated string),
    /// so a problem with one value is reported at its place.</summary>
    public IEnumerable<(string Value, ConfigNode Node)> StringItems(string key)
    {
        var values = StringList(key) ?? [];
        var node = Node(key);
        for (var i = 0; i < values.Count; i++)
            yield return (values[i], node is ConfigList list && i < list.Items.Count ? list.Items[i] : node!);
    }

    public ConfigMap? Object(string key) =>
        Node(key) switch { null => null, ConfigMap m => m, var other => (ConfigMap?)Wrong(other, "an object") };

    public ConfigList? List(string key) =>
        Node(key) switch { null => null, ConfigList l => l, var other => (ConfigList?)Wrong(other, "a list") };

    /// <summary>Marks options that are accepted without effect.</summary>
    public void Accept(params string[] keys)
    {
        foreach (var key in keys) _asked.Add(key);
    }

    /// <summary>An option Kiln knows but does not implement: an error that says so, unless it is absent or
    /// set to a value that changes nothing (<paramref name="harmless"/>).</summary>
    public void Unsupported(string key, string why, Func<ConfigNode, bool>? harmless = null)
    {
        if (Node(key) is not { } node || harmless?.Invoke(node) == true) return;
        problems.At(node, $"'{key}' is a {owner} option Kiln does not support: {why}");
    }

    /// <summary>Reports every key that was never asked for, naming the closest known one.</summary>
    public void ReportUnknown()
    {
        foreach (var entry in map.Entries)
        {
            if (_asked.Contains(entry.Key) || packer && PackerDecoding.IsComment(entry.Key)) continue;
            var near = Nearest(entry.Key, _asked);
            problems.At(entry.KeyPosition, entry.Value.Path,
                $"unknown option '{entry.Key}' for {owner}" + (near is null ? "" : $" (did you mean '{near}'?)"));
        }
    }

    /// <summary>Reports a wrong type and yields null, so accessors can `return Wrong(...)`.</summary>
    private Missing Wrong(ConfigNode node, string expected, string? got = null)
    {
        var shown = got is null ? node.KindName : $"\"{Kiln.Core.Naming.NameRules.Printable(got)}\"";
        problems.At(node, $"expected {expected}, got {shown}");
        return default;
    }

    /// <summary>Converts to null of any reference or nullable type.</summary>
    private readonly struct Missing
    {
        public static implicit operator string?(Missing _) => null;
        public static implicit operator int?(Missing _) => null;
        public static implicit operator bool?(Missing _) => null;
        public static implicit operator TimeSpan?(Missing _) => null;
        public static implicit operator List<string>?(Missing _) => null;
        public static implicit operator List<int>?(Missing _) => null;
        public static implicit operator Dictionary<string, string>?(Missing _) => null;
        public static implicit operator ConfigMap?(Missing _) => null;
        public static implicit operator ConfigList?(Missing _) => null;
    }

    public static string? Nearest(string key, IEnumerable<string> known) =>
        known.Select(k => (k, d: Distance(key, k))).Where(x => x.d <= Math.Max(1, Math.Min(3, key.Length / 3)))
             .OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
