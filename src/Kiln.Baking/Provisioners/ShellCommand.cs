using System.Text.RegularExpressions;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell provisioner rendering, pure: the environment assignments, the execute_command, inline
/// scripts and the line ends of uploaded scripts.</summary>
public static partial class ShellCommand
{
    /// <summary>`PACKER_BUILDER_TYPE='…' PACKER_BUILD_NAME='…' K='V' …`: each variable through
    /// <paramref name="format"/> (<see cref="EnvVarFormat"/>), sorted by name as Packer does, single quotes inside a
    /// value written as '"'"'.</summary>
    public static string Vars(string buildName, string builderType, IReadOnlyList<string> environmentVars,
        string format = EnvVarFormat.Inline, IReadOnlyDictionary<string, string>? extra = null)
    {
        var vars = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["PACKER_BUILD_NAME"] = buildName,
            ["PACKER_BUILDER_TYPE"] = builderType,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) vars[key] = value;
        foreach (var kv in environmentVars)
        {
            var eq = kv.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"environment_vars entry '{kv}' is not KEY=VALUE");
            vars[kv[..eq]] = kv[(eq + 1)..];
        }
        return string.Concat(vars.Select(v => EnvVarFormat.Apply(format, v.Key, v.Value.Replace("'", "'\"'\"'", StringComparison.Ordinal))));
    }

    /// <summary>Replaces `{{.Vars}}`, `{{.Path}}` and `{{.EnvVarFile}}` (spaces inside the braces allowed, as in Go
    /// templates).</summary>
    public static string Render(string executeCommand, string vars, string path, string envVarFile = "") =>
        Field().Replace(executeCommand, m => m.Groups[1].Value switch
        {
            "Vars" => vars,
            "Path" => path,
            "EnvVarFile" => envVarFile,
            var other => throw new ArgumentException($"execute_command uses {{{{.{other}}}}}; only {{{{.Vars}}}}, {{{{.Path}}}} and {{{{.EnvVarFile}}}} are known"),
        });

    /// <summary>An inline list as one script under its shebang (Packer's default `/bin/sh -e`: stop at the first failure).</summary>
    public static string InlineScript(IReadOnlyList<string> lines, string shebang = "/bin/sh -e") =>
        $"#!{shebang}\n" + string.Concat(lines.Select(l => l + "\n"));

    /// <summary>A script as Packer's UnixReader uploads it when `binary` is false: every line ends with LF, a CR
    /// before it is dropped, and a last line without an end gets one.</summary>
    public static byte[] UnixLines(byte[] content)
    {
        var result = new List<byte>(content.Length + 1);
        var start = 0;
        while (start < content.Length)
        {
            var end = Array.IndexOf(content, (byte)'\n', start);
            var next = end < 0 ? content.Length : end + 1;
            var last = end < 0 ? content.Length : end;
            if (last > start && content[last - 1] == '\r') last--;
            result.AddRange(content.AsSpan(start, last - start));
            result.Add((byte)'\n');
            start = next;
        }
        return [.. result];
    }

    [GeneratedRegex(@"\{\{\s*\.(\w+)\s*\}\}")]
    private static partial Regex Field();
}
