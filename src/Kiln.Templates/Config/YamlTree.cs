using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kiln.Templates.Config;

/// <summary>Reads YAML (YamlDotNet's representation model) into a <see cref="ConfigNode"/> tree with lines and
/// columns. Plain scalars get YAML 1.2 core-schema kinds (null, booleans, numbers); quoted ones are strings.</summary>
public static partial class YamlTree
{
    /// <summary>Aliases can make a small file expand into a huge tree (the "billion laughs" file): stop early.</summary>
    private const int MaxNodes = 100_000;

    public static ConfigNode? Parse(string text, string fileName, Problems problems)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try { stream.Load(parser); }
        catch (YamlException e)
        {
            problems.Add($"{fileName}:{e.Start.Line}:{e.Start.Column}: YAML syntax error: {Inner(e).Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, not a YamlException, on a flow collection left open across lines
            // (`keep: [3` then a newline): the last event it parsed is the best position there is.
            var at = parser.Current?.Start;
            problems.Add($"{fileName}:{at?.Line ?? 1}:{at?.Column ?? 1}: YAML syntax error: YAML could not read on from here; check that every '[' and '{{' is closed on its line");
            return null;
        }
        if (stream.Documents.Count == 0) return null;
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            problems.Add($"{fileName}:{second.Line}:{second.Column}: a second YAML document ('---'): put everything in one document");
            return null;
        }
        var budget = new int[] { MaxNodes };
        var root = Convert(stream.Documents[0].RootNode, "", fileName, budget);
        if (budget[0] < 0)
        {
            problems.Add($"{fileName}: more than {MaxNodes} values once aliases are expanded: remove the alias chains");
            return null;
        }
        return root;
    }

    private static Exception Inner(YamlException e) => e.InnerException is YamlException inner ? Inner(inner) : e;

    private static ConfigNode Convert(YamlNode node, string path, string file, int[] budget)
    {
        var position = new SourcePosition(file, (int)node.Start.Line, (int)node.Start.Column);
        if (--budget[0] < 0) return new ConfigScalar(path, position, null, ScalarKind.Null);
        switch (node)
        {
            case YamlMappingNode map:
                var entries = new List<ConfigEntry>();
                foreach (var (k, v) in map.Children)
                {
                    var key = k is YamlScalarNode s ? s.Value ?? "" : k.ToString();
                    var keyPosition = new SourcePosition(file, (int)k.Start.Line, (int)k.Start.Column);
                    entries.Add(new ConfigEntry(key, keyPosition, Convert(v, ConfigMap.ChildPath(path, key), file, budget)));
                }
                return new ConfigMap(path, position, entries);
            case YamlSequenceNode seq:
                var items = new List<ConfigNode>();
                foreach (var item in seq.Children) items.Add(Convert(item, $"{path}[{items.Count}]", file, budget));
                return new ConfigList(path, position, items);
            case YamlScalarNode scalar:
                return new ConfigScalar(path, position, scalar.Value, KindOf(scalar));
            default:
                return new ConfigScalar(path, position, null, ScalarKind.Null);
        }
    }

    private static ScalarKind KindOf(YamlScalarNode scalar)
    {
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return ScalarKind.String;
        var v = scalar.Value ?? "";
        if (v is "" or "~" or "null" or "Null" or "NULL") return ScalarKind.Null;
        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE") return ScalarKind.Bool;
        return Number().IsMatch(v) ? ScalarKind.Number : ScalarKind.String;
    }

    [GeneratedRegex(@"^[-+]?(\d+|\d*\.\d+([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$")]
    private static partial Regex Number();
}
