using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kiln.Templates.Config;

/// <summary>Reads JSON into a <see cref="ConfigNode"/> tree that remembers each value's line and column
/// (System.Text.Json's DOM does not), so "unknown option" can say where the option is.</summary>
public static partial class JsonTree
{
    public static ConfigNode Parse(byte[] utf8, string fileName, Problems problems)
    {
        var start = utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var data = utf8.AsMemory(start);
        var lines = new LineMap(data.Span, fileName);
        var reader = new Utf8JsonReader(data.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (data.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            // System.Text.Json would say "does not contain any JSON tokens … when isFinalBlock is true".
            problems.Add($"{fileName}: the file is empty: a JSON object is expected");
            return new ConfigScalar("", new SourcePosition(fileName, 1, 1), null, ScalarKind.Null);
        }
        try
        {
            if (!reader.Read()) throw new JsonException("the file holds no JSON value");
            var node = ReadValue(ref reader, "", lines);
            if (reader.Read()) throw new JsonException($"'{(char)data.Span[(int)reader.TokenStartIndex]}' after the end of the JSON value");
            return node;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? lines.LineOf(reader.TokenStartIndex) - 1) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            // The offending line is not echoed: it may hold a secret (a var file's secret_key).
            problems.Add($"{fileName}:{line}:{column}: JSON syntax error: {Clean(e.Message)}");
            return new ConfigScalar("", new SourcePosition(fileName, line, column), null, ScalarKind.Null);
        }
    }

    private static ConfigNode ReadValue(ref Utf8JsonReader reader, string path, LineMap lines)
    {
        var position = lines.PositionOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<ConfigEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    var keyPosition = lines.PositionOf(reader.TokenStartIndex);
                    reader.Read();
                    entries.Add(new ConfigEntry(key, keyPosition, ReadValue(ref reader, ConfigMap.ChildPath(path, key), lines)));
                }
                return new ConfigMap(path, position, entries);
            case JsonTokenType.StartArray:
                var items = new List<ConfigNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, $"{path}[{items.Count}]", lines));
                return new ConfigList(path, position, items);
            case JsonTokenType.String:
                return new ConfigScalar(path, position, reader.GetString(), ScalarKind.String);
            case JsonTokenType.Number:
                return new ConfigScalar(path, position, NumberText(ref reader), ScalarKind.Number);
            case JsonTokenType.True or JsonTokenType.False:
                return new ConfigScalar(path, position, reader.GetBoolean() ? "true" : "false", ScalarKind.Bool);
            default:
                return new ConfigScalar(path, position, null, ScalarKind.Null);
        }
    }

    /// <summary>Numbers as Go prints them after decoding into float64: `50`, `1.5`, `100000000`.</summary>
    private static string NumberText(ref Utf8JsonReader reader) =>
        reader.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture)
        : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture);

    private static string Clean(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        // System.Text.Json quotes the offending word ("'s3cr3t}' is an invalid JSON literal"): in a var file that
        // word may be an unquoted secret_key, so it is not repeated.
        return InvalidLiteral().Replace(text, "an unquoted word is not a JSON value: put strings in double quotes");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^'.*' is an invalid JSON literal\..*$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex InvalidLiteral();

    private sealed class LineMap
    {
        private readonly List<int> _starts = [0];
        private readonly byte[] _bytes;
        private readonly string _file;

        public LineMap(ReadOnlySpan<byte> data, string file)
        {
            for (var i = 0; i < data.Length; i++) if (data[i] == '\n') _starts.Add(i + 1);
            _bytes = data.ToArray();
            _file = file;
        }

        public long LineOf(long offset)
        {
            var index = _starts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        public SourcePosition PositionOf(long offset)
        {
            var line = (int)LineOf(offset);
            var start = _starts[line - 1];
            return new SourcePosition(_file, line, Encoding.UTF8.GetCharCount(_bytes, start, (int)offset - start) + 1);
        }
    }
}
