using System.Text.RegularExpressions;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>`${env.NAME}` in a notification URL, an address or an SMTP password: the value of the server's
/// environment variable, read at load. A missing variable is a problem that names it (never its value).</summary>
internal static partial class EnvText
{
    public static bool IsReference(string text) => text.Contains("${env.", StringComparison.Ordinal);

    public static string? Resolve(string text, ConfigNode at, Problems problems)
    {
        var missing = new List<string>();
        var value = Reference().Replace(text, m =>
        {
            var v = Environment.GetEnvironmentVariable(m.Groups[1].Value);
            if (string.IsNullOrEmpty(v)) missing.Add(m.Groups[1].Value);
            return v ?? "";
        });
        foreach (var name in missing) problems.At(at, $"the environment variable {name} is not set (used as ${{env.{name}}})");
        return missing.Count > 0 ? null : value;
    }

    [GeneratedRegex(@"\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();
}
