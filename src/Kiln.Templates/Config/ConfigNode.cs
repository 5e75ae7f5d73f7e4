namespace Kiln.Templates.Config;

/// <summary>Where a value sits in a user's file: what every error message points at.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

public enum ScalarKind { String, Number, Bool, Null }

/// <summary>A parsed JSON or YAML value with its position and path (`builders[0].ssh_port`), so the readers above
/// can name both in every problem. One tree for both formats keeps one set of typed accessors.</summary>
public abstract record ConfigNode(string Path, SourcePosition Position)
{
    /// <summary>How the node is called in messages: `expected a list, got a string`.</summary>
    public abstract string KindName { get; }
}

public sealed record ConfigScalar(string Path, SourcePosition Position, string? Value, ScalarKind Kind) : ConfigNode(Path, Position)
{
    public override string KindName => Kind switch
    {
        ScalarKind.Number => "a number", ScalarKind.Bool => "a boolean", ScalarKind.Null => "null", _ => "a string",
    };
}

public sealed record ConfigList(string Path, SourcePosition Position, IReadOnlyList<ConfigNode> Items) : ConfigNode(Path, Position)
{
    public override string KindName => "a list";
}

public sealed record ConfigEntry(string Key, SourcePosition KeyPosition, ConfigNode Value);

public sealed record ConfigMap(string Path, SourcePosition Position, IReadOnlyList<ConfigEntry> Entries) : ConfigNode(Path, Position)
{
    public override string KindName => "an object";

    /// <summary>The last entry of that key wins, as Go's encoding/json does with duplicate keys.</summary>
    public ConfigEntry? Find(string key) => Entries.LastOrDefault(e => e.Key == key);

    public static string ChildPath(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";
}
