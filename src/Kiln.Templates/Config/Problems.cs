using Kiln.Core;

namespace Kiln.Templates.Config;

/// <summary>Collects every problem of an input so the user sees them all at once, then throws them together.</summary>
public sealed class Problems
{
    private readonly List<string> _items = [];

    public int Count => _items.Count;
    public IReadOnlyList<string> Items => _items;

    public void Add(string problem) => _items.Add(problem);

    /// <summary>`packer.json:12:7: builders[0].ssh_port: expected an integer, got "abc"`.</summary>
    public void At(ConfigNode node, string message) => At(node.Position, node.Path, message);

    public void At(SourcePosition position, string path, string message) =>
        _items.Add(path.Length == 0 ? $"{position}: {message}" : $"{position}: {path}: {message}");

    public void ThrowIfAny()
    {
        if (_items.Count > 0) throw new KilnInputException(_items.ToList());
    }
}
