using System.Globalization;

namespace Kiln.LocalCloud.Hosting;

/// <summary>
/// The flat parameters of an AWS Query request (`Filter.1.Name`, `ImageId.2`, `BlockDeviceMapping.1.Ebs.VolumeSize`),
/// with typed readers. Lists are numbered from 1 and may be sparse, so they are read by index order, not by counting.
/// </summary>
public sealed class QueryParams(IReadOnlyDictionary<string, string> values, string prefix = "")
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    /// <summary>The full name of a parameter here, for error messages (`BlockDeviceMapping.1.Ebs.VolumeSize`).</summary>
    public string FullName(string name) => prefix + name;

    public string? Get(string name) => Values.TryGetValue(name, out var v) ? v : null;

    /// <summary>A value, with an empty one taken as absent (aws-sdk-go sends `VpcId=` when Packer has none).</summary>
    public string? NonEmpty(string name) => Get(name) is { Length: > 0 } v ? v : null;

    public string Required(string name) =>
        Get(name) is { Length: > 0 } v ? v : throw Ec2Errors.Missing(FullName(name));

    public int? Int(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            ? i : throw Ec2Errors.InvalidValue(FullName(name), v, "It must be an integer.");
    }

    public bool? Bool(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        return bool.TryParse(v, out var b) ? b : throw Ec2Errors.InvalidValue(FullName(name), v, "It must be true or false.");
    }

    public bool Has(string name) => Values.ContainsKey(name) || Values.Keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal));

    /// <summary>`Name.1`, `Name.2`, … in index order.</summary>
    public IReadOnlyList<string> List(string name) =>
        Indexed(name).Select(i => Values[$"{name}.{i}"]).ToList();

    /// <summary>`Name.N.*` groups as nested parameter sets, in index order.</summary>
    public IReadOnlyList<QueryParams> Structs(string name) =>
        Indexed(name).Select(i => Sub($"{name}.{i}")).ToList();

    /// <summary>The parameters under `Name.` with that prefix removed.</summary>
    public QueryParams Sub(string name)
    {
        var p = name + ".";
        var sub = Values.Where(kv => kv.Key.StartsWith(p, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[p.Length..], kv => kv.Value, StringComparer.Ordinal);
        return new QueryParams(sub, prefix + p);
    }

    public bool IsEmpty => Values.Count == 0;

    private IEnumerable<int> Indexed(string name)
    {
        var p = name + ".";
        var indexes = new SortedSet<int>();
        foreach (var key in Values.Keys)
        {
            if (!key.StartsWith(p, StringComparison.Ordinal)) continue;
            var rest = key.AsSpan(p.Length);
            var dot = rest.IndexOf('.');
            var digits = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) indexes.Add(i);
        }
        return indexes;
    }
}
