using Kiln.Templates.Config;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>Evaluated HCL values → the position-aware config tree the Packer JSON readers take, so both template
/// languages end in the same readers and the same <see cref="Kiln.Core.Baking.BakeSpec"/>.</summary>
internal static class HclValues
{
    public static ConfigNode ToNode(HclValue value, string path, SourcePosition position) => value switch
    {
        HclString s => new ConfigScalar(path, position, s.Value, ScalarKind.String),
        HclNumber n => new ConfigScalar(path, position, HclValue.FormatNumber(n.Value), ScalarKind.Number),
        HclBool b => new ConfigScalar(path, position, b.Value ? "true" : "false", ScalarKind.Bool),
        HclSequence s => new ConfigList(path, position, [.. s.Items.Select((v, i) => ToNode(v, $"{path}[{i}]", position))]),
        HclMapping m => new ConfigMap(path, position, [.. m.Attributes.Select(a => new ConfigEntry(a.Key, position, ToNode(a.Value, ConfigMap.ChildPath(path, a.Key), position)))]),
        _ => new ConfigScalar(path, position, null, ScalarKind.Null),
    };

    /// <summary>Every string inside a value: what masking a sensitive value must hide.</summary>
    public static IEnumerable<string> Strings(HclValue value) => value switch
    {
        HclString s => [s.Value],
        HclNumber or HclBool => [HclConvert.TryString(value)!],
        HclSequence s => s.Items.SelectMany(Strings),
        HclMapping m => m.Attributes.Values.SelectMany(Strings),
        _ => [],
    };

    /// <summary>From a JSON var file or a `.pkr.json` value.</summary>
    public static HclValue FromNode(ConfigNode node) => node switch
    {
        ConfigScalar { Kind: ScalarKind.String } s => HclValue.Of(s.Value ?? ""),
        ConfigScalar { Kind: ScalarKind.Number } s => HclValue.Of(decimal.Parse(s.Value!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)),
        ConfigScalar { Kind: ScalarKind.Bool } s => HclValue.Of(s.Value == "true"),
        ConfigList l => HclValue.Tuple(l.Items.Select(FromNode)),
        ConfigMap m => HclValue.Object(m.Entries.Select(e => KeyValuePair.Create(e.Key, FromNode(e.Value)))),
        _ => HclValue.Null,
    };
}
