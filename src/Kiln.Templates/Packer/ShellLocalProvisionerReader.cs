using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `shell-local` provisioner and post-processor → <see cref="ShellLocalProvisionerSpec"/>: scripts run
/// on this machine, in the directory Kiln runs in. execute_command is kept as written (`{{.Vars}}`, `{{.Script}}`).</summary>
internal static class ShellLocalProvisionerReader
{
    /// <summary>Go's operating system names, which Packer's only_on takes.</summary>
    private static readonly string[] Systems = ["darwin", "freebsd", "linux", "openbsd", "solaris", "windows"];

    public static ShellLocalProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        o.Unsupported("use_linux_pathing", "Kiln runs on Linux", AmazonEbsReader.IsUnset);
        o.Unsupported("tempfile_extension", "inline commands run from a file without extension, under inline_shebang", AmazonEbsReader.IsUnset);
        var onlyOn = o.StringList("only_on") ?? [];
        foreach (var system in onlyOn.Where(s => !Systems.Contains(s)))
            o.Problems.At(o.Node("only_on")!, $"only_on names '{system}', which is not an operating system Packer knows ({string.Join(", ", Systems)})");
        var inline = new List<string>(o.StringList("inline") ?? []);
        if (o.String("command") is { Length: > 0 } command) inline.Add(command);
        var scripts = new List<string>();
        if (o.Node("script") is { } s && rc.ExistingFile(s, "script", o.String("script")) is { } one) scripts.Add(one);
        if (o.Node("scripts") is { } many)
            foreach (var path in o.StringList("scripts") ?? [])
                if (rc.ExistingFile(many, "scripts", path) is { } full) scripts.Add(full);
        var given = new[] { o.Has("inline"), o.Has("command"), o.Has("script"), o.Has("scripts") }.Count(x => x);
        if (given == 0) o.Problems.At(o.Map, "shell-local needs inline, command, script or scripts");
        if (given > 1) o.Problems.At(o.Map, "give only one of inline, command, script or scripts");
        var spec = new ShellLocalProvisionerSpec
        {
            Inline = inline,
            Scripts = scripts,
            EnvironmentVars = ShellProvisionerReader.EnvironmentVars(o),
            WorkingDirectory = rc.WorkingDirectory,
            InlineShebang = ShellProvisionerReader.NonEmpty(o, "inline_shebang") ?? "/bin/sh -e",
            EnvVarFormat = ShellProvisionerReader.Format(o),
            ValidExitCodes = ShellProvisionerReader.ExitCodes(o),
            OnlyOn = onlyOn,
        };
        // Packer excludes execute_command from interpolation: read it raw.
        if (o.Node("execute_command") is ConfigList { Items.Count: > 0 } list && list.Items.All(i => i is ConfigScalar { Kind: ScalarKind.String }))
            spec = spec with { ExecuteCommand = [.. list.Items.Cast<ConfigScalar>().Select(i => i.Value!)] };
        else if (o.Node("execute_command") is { } bad)
            o.Problems.At(bad, "execute_command must be a list of strings, such as [\"/bin/sh\", \"-c\", \"{{.Vars}} {{.Script}}\"]");
        return spec;
    }
}
