using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `shell-local` provisioner → <see cref="ShellLocalProvisionerSpec"/>: scripts run on this
/// machine, in the directory Kiln runs in. execute_command is kept as written (`{{.Vars}}`, `{{.Script}}`).</summary>
internal static class ShellLocalProvisionerReader
{
    public static ShellLocalProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        o.Unsupported("use_linux_pathing", "Kiln runs on Linux", AmazonEbsReader.IsUnset);
        o.Unsupported("env_var_format", "not available", AmazonEbsReader.IsUnset);
        o.Unsupported("inline_shebang", "inline commands run with /bin/sh -e, Packer's default", n => AmazonEbsReader.IsUnset(n) || n is ConfigScalar { Value: "/bin/sh -e" });
        o.Unsupported("valid_exit_codes", "make the script exit 0 on success", n => AmazonEbsReader.IsUnset(n) || n is ConfigList { Items: [ConfigScalar { Value: "0" }] });
        if (o.StringList("only_on") is { } only && !only.Contains("linux"))
            o.Problems.At(o.Node("only_on")!, "only_on leaves out linux, where Kiln runs: the provisioner would never run; remove it");
        var inline = new List<string>(o.StringList("inline") ?? []);
        if (o.String("command") is { Length: > 0 } command) inline.Add(command);
        var scripts = new List<string>();
        if (o.Node("script") is { } s && rc.ExistingFile(s, "script", o.String("script")) is { } one) scripts.Add(one);
        if (o.Node("scripts") is { } many)
            foreach (var path in o.StringList("scripts") ?? [])
                if (rc.ExistingFile(many, "scripts", path) is { } full) scripts.Add(full);
        var given = new[] { o.Has("inline"), o.Has("command"), o.Has("script"), o.Has("scripts") }.Count(x => x);
        if (given == 0) o.Problems.At(o.Map, "a shell-local provisioner needs inline, command, script or scripts");
        if (given > 1) o.Problems.At(o.Map, "give only one of inline, command, script or scripts");
        var env = o.StringList("environment_vars") ?? [];
        foreach (var pair in env)
            if (pair.IndexOf('=') <= 0) o.Problems.At(o.Node("environment_vars")!, $"'{pair}' is not in the form key=value");
        var spec = new ShellLocalProvisionerSpec { Inline = inline, Scripts = scripts, EnvironmentVars = env, WorkingDirectory = rc.WorkingDirectory };
        // Packer excludes execute_command from interpolation: read it raw.
        if (o.Node("execute_command") is ConfigList { Items.Count: > 0 } list && list.Items.All(i => i is ConfigScalar { Kind: ScalarKind.String }))
            spec = spec with { ExecuteCommand = [.. list.Items.Cast<ConfigScalar>().Select(i => i.Value!)] };
        else if (o.Node("execute_command") is { } bad)
            o.Problems.At(bad, "execute_command must be a list of strings, such as [\"/bin/sh\", \"-c\", \"{{.Vars}} {{.Script}}\"]");
        return spec;
    }
}
