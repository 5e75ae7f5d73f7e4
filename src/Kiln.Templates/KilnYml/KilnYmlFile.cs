using System.Text;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>Loads DIR/kiln.yml: absent is fine (the article's defaults), but empty, oversized, non-UTF-8 or
/// non-mapping files are problems.</summary>
internal static class KilnYmlFile
{
    public const string Name = "kiln.yml";
    private const int MaxBytes = 1024 * 1024;

    /// <summary>The root mapping, or null when there is no kiln.yml (or it is unusable: then a problem is added).</summary>
    public static ConfigMap? Load(string directory, Problems problems, out string shownPath)
    {
        shownPath = Path.Combine(directory, Name);
        var full = Path.GetFullPath(shownPath);
        if (!File.Exists(full)) return null;
        var length = new FileInfo(full).Length;
        if (length > MaxBytes)
        {
            problems.Add($"{shownPath} is {length} bytes: a kiln.yml over 1 MB is refused; it should hold a few settings");
            return null;
        }
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(full)); }
        catch (DecoderFallbackException)
        {
            problems.Add($"{shownPath} is not UTF-8 text: save it as UTF-8");
            return null;
        }
        if (text.Trim().Length == 0)
        {
            problems.Add($"{shownPath} is empty: add settings, or delete it to use the defaults");
            return null;
        }
        var root = YamlTree.Parse(text, shownPath, problems);
        switch (root)
        {
            case null when problems.Count == 0:
                problems.Add($"{shownPath} holds only comments: add settings, or delete it to use the defaults");
                return null;
            case null:
                return null;
            case ConfigMap map:
                return map;
            default:
                problems.At(root, $"{Name} must be a mapping of settings (such as `keep: 3`), got {root.KindName}");
                return null;
        }
    }
}
