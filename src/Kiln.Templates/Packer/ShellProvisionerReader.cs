using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `shell` provisioner → <see cref="ShellProvisionerSpec"/>. execute_command is kept as written:
/// its `{{.Vars}}` and `{{.Path}}` are filled at run time (Packer excludes it from interpolation too).</summary>
internal static class ShellProvisionerReader
{
    private static readonly Dictionary<string, string> Unsupported = new()
    {
        ["remote_path"] = "Kiln chooses where scripts are uploaded",
        ["remote_folder"] = "Kiln chooses where scripts are uploaded",
        ["remote_file"] = "Kiln chooses where scripts are uploaded",
        ["inline_shebang"] = "inline commands run with /bin/sh -e, Packer's default",
        ["binary"] = "not available",
        ["use_env_var_file"] = "not available",
        ["env_var_format"] = "not available",
        ["pause_after"] = "not available",
    };

    public static ShellProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        foreach (var (key, why) in Unsupported)
            o.Unsupported(key, why, n => AmazonEbsReader.IsUnset(n) || key == "inline_shebang" && n is ConfigScalar { Value: "/bin/sh -e" });
        o.Accept("skip_clean", "start_retry_timeout");
        if (o.Node("valid_exit_codes") is { } codes && !(codes is ConfigList { Items: [ConfigScalar { Value: "0" }] }))
            o.Problems.At(codes, "'valid_exit_codes' other than [0] is not supported: make the script exit 0 on success");

        var inline = o.StringList("inline");
        var script = o.Node("script") is { } s ? rc.ExistingFile(s, "script", o.String("script")) : null;
        var scripts = new List<string>();
        if (o.Node("scripts") is { } many)
            foreach (var path in o.StringList("scripts") ?? [])
                if (rc.ExistingFile(many, "scripts", path) is { } full) scripts.Add(full);
        var given = new[] { o.Has("inline"), o.Has("script"), o.Has("scripts") }.Count(x => x);
        if (given == 0) o.Problems.At(o.Map, "a shell provisioner needs inline, script or scripts");
        if (given > 1) o.Problems.At(o.Map, "give only one of inline, script or scripts");
        if (script is not null) scripts.Insert(0, script);

        var env = o.StringList("environment_vars") ?? [];
        foreach (var pair in env)
            if (pair.IndexOf('=') <= 0) o.Problems.At(o.Node("environment_vars")!, $"'{pair}' is not in the form key=value");

        var spec = new ShellProvisionerSpec
        {
            Inline = inline ?? [],
            Scripts = scripts,
            EnvironmentVars = env,
            ExpectDisconnect = o.Bool("expect_disconnect") ?? false,
        };
        // Packer's interpolation filter excludes execute_command: read it raw.
        if (o.Node("execute_command") is ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } command })
            spec = spec with { ExecuteCommand = command };
        return spec;
    }
}
