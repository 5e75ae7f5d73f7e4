using System.Globalization;
using System.Xml.Linq;

namespace Kiln.LocalCloud.Hosting;

/// <summary>Builds EC2 response XML: every element in EC2's namespace, absent values left out as AWS does.</summary>
public static class Ec2Xml
{
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public static XElement E(string name, params object?[] content) =>
        new(Ns + name, content.Where(c => c is not null).Select(Format));

    /// <summary>An element only when its value exists.</summary>
    public static XElement? Opt(string name, object? value) => value is null ? null : E(name, value);

    /// <summary>A `fooSet` list: each entry wrapped in `item`.</summary>
    public static XElement Set(string name, IEnumerable<IEnumerable<object?>> items) =>
        E(name, items.Select(i => E("item", i.ToArray())).ToArray<object?>());

    public static XElement Items(string name, IEnumerable<XElement> items) => E(name, items.ToArray<object?>());

    public static XElement Tags(IReadOnlyDictionary<string, string> tags, string name = "tagSet") =>
        Set(name, tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new object?[] { E("key", t.Key), E("value", t.Value) }));

    public static XElement Return(bool value = true) => E("return", value);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static object? Format(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset t => Time(t),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => value,
    };
}
