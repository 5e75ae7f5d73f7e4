using System.Globalization;

namespace Kiln.Templates.Engine;

/// <summary>Packer 1.6's template functions (template/interpolate/funcs.go plus the amazon builders'
/// clean_resource_name), each with its Go signature's arity and argument types.</summary>
public static class TemplateFunctions
{
    public sealed record Function(int MinArgs, int MaxArgs, Func<TemplateContext, object[], object> Invoke);

    public static readonly IReadOnlyDictionary<string, Function> All = new Dictionary<string, Function>
    {
        ["user"] = new(1, 1, (c, a) => (c.User ?? throw new TemplateException("user variables are not available here"))(Str(a, 0, "user"))),
        ["env"] = new(1, 1, (c, a) => c.Env is null
            ? throw new TemplateException("env is only allowed in the 'variables' section: declare a variable with \"{{env `X`}}\" as its default and use {{user `name`}} here")
            : c.Env(Str(a, 0, "env")) ?? ""),
        ["timestamp"] = new(0, 0, (c, _) => c.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ["isotime"] = new(0, 1, (c, a) => a.Length == 0
            ? c.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : GoTimeLayout.Format(Str(a, 0, "isotime"), c.Now)),
        ["uuid"] = new(0, 0, (c, _) => c.NewUuid()),
        ["build_name"] = new(0, 0, (c, _) => c.BuildName ?? throw new TemplateException("build_name is not available here (only in builders and provisioners)")),
        ["build_type"] = new(0, 0, (c, _) => c.BuildType ?? throw new TemplateException("build_type is not available here (only in builders and provisioners)")),
        ["template_dir"] = new(0, 0, (c, _) => c.TemplateDirectory ?? throw new TemplateException("template_dir is not available here")),
        ["pwd"] = new(0, 0, (c, _) => c.WorkingDirectory ?? Directory.GetCurrentDirectory()),
        ["lower"] = new(1, 1, (_, a) => Str(a, 0, "lower").ToLowerInvariant()),
        ["upper"] = new(1, 1, (_, a) => Str(a, 0, "upper").ToUpperInvariant()),
        ["replace"] = new(4, 4, (_, a) => Replace(Str(a, 3, "replace"), Str(a, 0, "replace"), Str(a, 1, "replace"), Int(a, 2, "replace"))),
        ["replace_all"] = new(3, 3, (_, a) => Replace(Str(a, 2, "replace_all"), Str(a, 0, "replace_all"), Str(a, 1, "replace_all"), -1)),
        ["split"] = new(3, 3, (_, a) => Split(Str(a, 0, "split"), Str(a, 1, "split"), Int(a, 2, "split"))),
        ["clean_resource_name"] = new(1, 1, (_, a) => ResourceNames.CleanImageName(Str(a, 0, "clean_resource_name"))),
        // The name Packer had before 1.5; its fixer rewrites it, Kiln simply accepts it.
        ["clean_ami_name"] = new(1, 1, (_, a) => ResourceNames.CleanImageName(Str(a, 0, "clean_ami_name"))),
    };

    /// <summary>Functions Packer has that reach outside services; Kiln refuses them by name rather than as unknown.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>
    {
        ["consul_key"] = "read the value yourself and pass it with -var",
        ["vault"] = "read the secret yourself and pass it with -var (and list the variable in sensitive-variables)",
        ["aws_secretsmanager"] = "read the secret yourself and pass it with -var (and list the variable in sensitive-variables)",
        ["packer_version"] = "Kiln is not Packer; remove it",
    };

    /// <summary>Go's strings.Replace: n &lt; 0 replaces all; an empty `old` inserts between every rune.</summary>
    private static string Replace(string src, string old, string @new, long n)
    {
        if (n == 0 || old == @new) return src;
        if (n < 0 && old.Length > 0) return src.Replace(old, @new, StringComparison.Ordinal);
        var sb = new System.Text.StringBuilder();
        var i = 0;
        var done = 0L;
        while (n < 0 || done < n)
        {
            int at;
            if (old.Length == 0)
            {
                if (i > src.Length) break;
                sb.Append(@new);
                if (i < src.Length) sb.Append(src[i]);
                i++;
                done++;
                continue;
            }
            at = src.IndexOf(old, i, StringComparison.Ordinal);
            if (at < 0) break;
            sb.Append(src, i, at - i).Append(@new);
            i = at + old.Length;
            done++;
        }
        if (i < src.Length) sb.Append(src, i, src.Length - i);
        return sb.ToString();
    }

    private static string Split(string s, string separator, long index)
    {
        var parts = separator.Length == 0 ? s.Select(c => c.ToString()).ToArray() : s.Split(separator);
        if (index < 0 || index >= parts.Length)
            throw new TemplateException($"split: the substring {index} was unavailable using the separator value, {separator}, only {parts.Length} values were found");
        return parts[index];
    }

    private static string Str(object[] args, int i, string function) => args[i] switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        var other => throw new TemplateException($"{function}: argument {i + 1} must be a string, got {Describe(other)}"),
    };

    private static long Int(object[] args, int i, string function) => args[i] switch
    {
        long l => l,
        var other => throw new TemplateException($"{function}: argument {i + 1} must be an integer, got {Describe(other)}"),
    };

    public static string Describe(object value) => value switch
    {
        string s => $"\"{s}\"", bool b => b ? "true" : "false", _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "nil",
    };
}
