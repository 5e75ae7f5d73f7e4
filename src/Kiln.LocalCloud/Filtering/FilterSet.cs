using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Filtering;

public sealed record Ec2Filter(string Name, IReadOnlyList<string> Values);

/// <summary>
/// `Filter.N.Name` / `Filter.N.Value.M`: filters AND together, values of one filter OR together, values may hold
/// wildcards. Tag filters (`tag:KEY`, `tag-key`, `tag-value`) are common to every resource.
/// </summary>
public sealed class FilterSet(IReadOnlyList<Ec2Filter> filters)
{
    public IReadOnlyList<Ec2Filter> Filters { get; } = filters;

    public static FilterSet Parse(QueryParams p) =>
        new(p.Structs("Filter").Select(f => new Ec2Filter(f.Required("Name"), f.List("Value"))).ToList());

    /// <summary>The values given for a filter name, or null when the request does not filter on it.</summary>
    public IReadOnlyList<string>? ValuesFor(string name) =>
        Filters.Where(f => f.Name == name).Select(f => f.Values).FirstOrDefault();

    /// <summary>Whether a resource passes every filter. <paramref name="valuesOf"/> gives the resource's values for a
    /// filter name, or null when it does not know the name (answered as AWS does: InvalidParameterValue).</summary>
    public bool Matches(Func<string, IEnumerable<string?>?> valuesOf, IReadOnlyDictionary<string, string> tags)
    {
        foreach (var f in Filters)
        {
            var have = TagValues(f.Name, tags) ?? valuesOf(f.Name)
                ?? throw Ec2Errors.Invalid($"The filter '{f.Name}' is invalid");
            var list = have.Where(v => v is not null).Select(v => v!).ToList();
            if (!f.Values.Any(pattern => list.Any(v => Wildcard.IsMatch(pattern, v)))) return false;
        }
        return true;
    }

    private static IEnumerable<string>? TagValues(string name, IReadOnlyDictionary<string, string> tags) =>
        name switch
        {
            "tag-key" => tags.Keys,
            "tag-value" => tags.Values,
            _ when name.StartsWith("tag:", StringComparison.Ordinal) =>
                tags.TryGetValue(name[4..], out var v) ? [v] : [],
            _ => null,
        };
}
