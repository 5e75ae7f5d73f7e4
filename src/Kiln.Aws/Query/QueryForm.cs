using System.Globalization;
using System.Text;

namespace Kiln.Aws.Query;

/// <summary>The form body of one Query API call: `Action`, `Version` and the flattened parameters
/// (`TargetGroupARNs.member.1`, `Tags.member.1.Key`, …), in the order added. Null values are left out.</summary>
public sealed class QueryForm
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public QueryForm(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;
    public string Action => _fields[0].Value;

    public QueryForm Add(string key, string? value)
    {
        if (value is not null) _fields.Add(new(key, value));
        return this;
    }

    public QueryForm Add(string key, int? value) => Add(key, value?.ToString(CultureInfo.InvariantCulture));
    public QueryForm Add(string key, bool? value) => Add(key, value is null ? null : value.Value ? "true" : "false");

    /// <summary>A list of strings: `{prefix}.member.1`, `{prefix}.member.2`, …</summary>
    public QueryForm AddMembers(string prefix, IEnumerable<string>? values)
    {
        var i = 0;
        foreach (var v in values ?? []) Add($"{prefix}.member.{++i}", v);
        return this;
    }

    /// <summary>A list of structures: <paramref name="write"/> gets `{prefix}.member.N` for each item.</summary>
    public QueryForm AddMembers<T>(string prefix, IEnumerable<T>? items, Action<QueryForm, string, T> write)
    {
        var i = 0;
        foreach (var item in items ?? []) write(this, $"{prefix}.member.{++i}", item);
        return this;
    }

    /// <summary>application/x-www-form-urlencoded, RFC 3986 escaping (what the AWS SDKs send).</summary>
    public byte[] Encode() => Encoding.UTF8.GetBytes(string.Join("&",
        _fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));
}
