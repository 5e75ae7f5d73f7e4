using System.Text.RegularExpressions;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell provisioner rendering, pure: the environment assignments and the execute_command.</summary>
public static partial class ShellCommand
{
    /// <summary>`PACKER_BUILDER_TYPE='…' PACKER_BUILD_NAME='…' K='V'…`, sorted by name as Packer does, each value in
    /// single quotes with embedded quotes written as '"'"'.</summary>
    public static string Vars(string buildName, string builderType, IReadOnlyList<string> environmentVars)
    {
        var vars = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["PACKER_BUILD_NAME"] = buildName,
            ["PACKER_BUILDER_TYPE"] = builderType,
        };
        foreach (var kv in environmentVars)
        {
            var eq = kv.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"environment_vars entry '{kv}' is not KEY=VALUE");
            vars[kv[..eq]] = kv[(eq + 1)..];
        }
        return string.Join(' ', vars.Select(v => $"{v.Key}='{v.Value.Replace("'", "'\"'\"'", StringComparison.Ordinal)}'"));
    }

    /// <summary>Replaces `{{.Vars}}` and `{{.Path}}` (spaces inside the braces allowed, as in Go templates).</summary>
    public static string Render(string executeCommand, string vars, string path) =>
        Field().Replace(executeCommand, m => m.Groups[1].Value switch
        {
            "Vars" => vars,
            "Path" => path,
            var other => throw new ArgumentException($"execute_command uses {{{{.{other}}}}}; only {{{{.Vars}}}} and {{{{.Path}}}} are known"),
        });

    /// <summary>An inline list as one script, with Packer's default shebang `/bin/sh -e` (stop at the first failure).</summary>
    public static string InlineScript(IReadOnlyList<string> lines) => "#!/bin/sh -e\n" + string.Join('\n', lines) + "\n";

    [GeneratedRegex(@"\{\{\s*\.(\w+)\s*\}\}")]
    private static partial Regex Field();
}
