using System.Text;

namespace Kiln.Core.Baking;

/// <summary>Packer's `env_var_format` (shell and shell-local): a Go format applied as fmt.Sprintf(format, name, value)
/// to each variable, the results joined with nothing between. Kiln takes the verbs Go would print sensibly for two
/// strings, `%s` and `%v`, and `%%`; anything else is refused when the template is read, where Go would print
/// `%!d(string=…)` into the command line.</summary>
public static class EnvVarFormat
{
    /// <summary>Packer's default for {{.Vars}}: `NAME='value' `.</summary>
    public const string Inline = "%s='%s' ";
    /// <summary>Packer's default with use_env_var_file: one `export` per line.</summary>
    public const string File = "export %s='%s'\n";

    /// <summary>What is wrong with a format, or null when it takes a name and a value.</summary>
    public static string? Problem(string format)
    {
        var verbs = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%') continue;
            if (i + 1 >= format.Length) return "it ends with a lone %";
            var verb = format[++i];
            if (verb == '%') continue;
            if (verb is not ('s' or 'v')) return $"%{verb} is not a verb Kiln fills: use %s for the name and %s for the value";
            verbs++;
        }
        return verbs == 2 ? null : $"it has {verbs} %s where the name and the value need 2, as in \"{Inline}\"";
    }

    public static string Apply(string format, string name, string value)
    {
        var text = new StringBuilder();
        var args = new[] { name, value };
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { text.Append(format[i]); continue; }
            var verb = format[++i];
            text.Append(verb == '%' ? "%" : next < args.Length ? args[next++] : "%!" + verb + "(MISSING)");
        }
        return text.ToString();
    }
}
