using System.Globalization;
using System.Xml.Linq;

namespace Kiln.Aws.Query;

/// <summary>Reading Query API XML: elements by local name in the service's namespace, lists as `member` children.</summary>
internal static class QueryXml
{
    public static string? Str(this XElement e, string name) =>
        e.Element(e.Name.Namespace + name) is { } c && !c.IsEmpty ? c.Value : null;

    public static string Req(this XElement e, string name) =>
        e.Str(name) ?? throw new FormatException($"the response's <{e.Name.LocalName}> has no <{name}>");

    public static int? Int(this XElement e, string name) =>
        e.Str(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    public static bool? Bool(this XElement e, string name) =>
        e.Str(name) is { } s ? string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) : null;

    public static DateTimeOffset? Time(this XElement e, string name) =>
        e.Str(name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    public static XElement? Child(this XElement e, string name) => e.Element(e.Name.Namespace + name);

    /// <summary>The `member` items of list element <paramref name="name"/>; empty when it is absent.</summary>
    public static IEnumerable<XElement> Members(this XElement e, string name) =>
        e.Child(name)?.Elements(e.Name.Namespace + "member") ?? [];

    public static IReadOnlyList<string> Strings(this XElement e, string name) => e.Members(name).Select(m => m.Value).ToList();
}
