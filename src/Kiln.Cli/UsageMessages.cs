using System.Text.RegularExpressions;

namespace Kiln.Cli;

/// <summary>Spectre.Console.Cli's parse errors, said for a user: "Failed to convert 'abc' to Nullable`1." names a .NET
/// type and not the option; this names the option and what it takes.</summary>
public static partial class UsageMessages
{
    public static string Clarify(string message, IReadOnlyList<string> args)
    {
        var m = ConversionFailure().Match(message);
        if (!m.Success) return message;
        var value = m.Groups["value"].Value;
        var option = Enumerable.Range(0, Math.Max(0, args.Count - 1))
            .Where(i => args[i].StartsWith('-') && args[i + 1] == value).Select(i => args[i]).FirstOrDefault()
            ?? args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0].StartsWith('-') && p[1] == value).Select(p => p[0]).FirstOrDefault();
        var kind = m.Groups["type"].Value is "Int32" or "Int64" or "Nullable`1" ? "a whole number" : "a valid value";
        return option is null ? $"'{value}' is not {kind}" : $"{option} '{value}' is not {kind}";
    }

    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to (?<type>[\w`]+)\.?$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
