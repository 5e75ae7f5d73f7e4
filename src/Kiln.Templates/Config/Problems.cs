using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Templates.Config;

/// <summary>Collects every problem of an input so the user sees them all at once, then throws them together.</summary>
public sealed class Problems
{
    private readonly List<string> _items = [];

    public int Count => _items.Count;
    public IReadOnlyList<string> Items => _items;

    /// <summary>Adds a problem once: a provisioner shared by two builds is checked twice but reported once.</summary>
    public void Add(string problem)
    {
        if (!_items.Contains(problem)) _items.Add(problem);
    }

    /// <summary>`packer.json:12:7: builders[0].ssh_port: expected an integer, got "abc"`.</summary>
    public void At(ConfigNode node, string message) => At(node.Position, node.Path, message);

    public void At(SourcePosition position, string path, string message) =>
        Add((path.Length == 0 ? $"{position}: {message}" : $"{position}: {path}: {message}") + (Excerpt?.Invoke(position) ?? ""));

    /// <summary>For HCL templates: the source line and a caret under the position, appended to each problem
    /// (JSON templates leave it unset: a var file's line may hold a secret that is not masked yet).</summary>
    public Func<SourcePosition, string?>? Excerpt { get; set; }

    /// <summary>Throws every problem at once, with the given secrets masked: a sensitive variable's value that
    /// ended up in a wrongly typed option must not be shown back.</summary>
    public void ThrowIfAny(IEnumerable<string>? secrets = null)
    {
        if (_items.Count == 0) return;
        var masker = new SecretMasker();
        foreach (var secret in secrets ?? []) masker.Add(secret);
        throw new KilnInputException(_items.Select(masker.Mask).ToList());
    }
}
