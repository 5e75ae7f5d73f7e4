using Kiln.Templates.Packer;

namespace Kiln.Cli;

/// <summary>Packer spells its long flags with one dash (`-var`, `-var-file`, `-only`), which Spectre.Console.Cli
/// would read as bundles of short flags. For Packer's commands (build, validate) this rewrites them to the
/// two-dash form before parsing, so both spellings work and wrappers written for Packer run unchanged.</summary>
public static class PackerFlags
{
    private static readonly HashSet<string> Commands = ["build", "validate", "inspect"];

    private static readonly HashSet<string> Long =
    [
        "var", "var-file", "only", "except", "on-error", "machine-readable", "timestamp-ui", "syntax-only",
        "force", "debug", "color", "parallel-builds",
    ];

    public static string[] Normalize(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0])) return args;
        var result = new List<string> { args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--") { result.AddRange(args[i..]); break; }
            if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-')
            {
                var name = arg[1..].Split('=', 2)[0];
                if (Long.Contains(name)) arg = "-" + arg;
            }
            result.Add(arg);
        }
        return [.. result];
    }

    /// <summary>The -var and -var-file arguments in command-line order (Spectre's settings keep each kind apart,
    /// but Packer lets the later of the two win).</summary>
    public static IReadOnlyList<PackerVarArg> OrderedVars(IReadOnlyList<string> args)
    {
        var result = new List<PackerVarArg>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = Split(args[i]);
            if (name is not ("--var" or "--var-file")) continue;
            if (value is null && i + 1 < args.Count) value = args[++i];
            if (value is null) continue;
            result.Add(name == "--var-file" ? new PackerVarArg.VarFile(value) : ToVar(value));
        }
        return result;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=');
        return eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
    }

    private static PackerVarArg ToVar(string pair)
    {
        var eq = pair.IndexOf('=');
        if (eq <= 0) throw new Kiln.Core.KilnInputException($"-var '{pair}' must be NAME=VALUE, such as -var region=ap-northeast-1");
        return new PackerVarArg.Var(pair[..eq], pair[(eq + 1)..]);
    }

    public static IReadOnlyList<string> Names(string[]? lists) =>
        (lists ?? []).SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
