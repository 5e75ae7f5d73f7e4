using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `shell` provisioner → <see cref="ShellProvisionerSpec"/>, every option of Packer 1.6–1.11's
/// Linux shell provisioner. execute_command is kept as written: its `{{.Vars}}`, `{{.Path}}` and `{{.EnvVarFile}}`
/// are filled at run time (Packer excludes it from interpolation too).</summary>
internal static class ShellProvisionerReader
{
    public static ShellProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        // start_retry_timeout: Kiln's SSH waits have their own budget; a reboot is expect_disconnect's business.
        o.Accept("start_retry_timeout");
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

        var spec = new ShellProvisionerSpec
        {
            Inline = inline ?? [],
            Scripts = scripts,
            EnvironmentVars = EnvironmentVars(o),
            ExpectDisconnect = o.Bool("expect_disconnect") ?? false,
            InlineShebang = NonEmpty(o, "inline_shebang") ?? "/bin/sh -e",
            RemoteFolder = RemoteDirectory(o, "remote_folder") ?? "/tmp",
            RemoteFile = RemoteName(o),
            RemotePath = RemoteAbsolute(o, "remote_path"),
            EnvVarFormat = Format(o),
            UseEnvVarFile = o.Bool("use_env_var_file") ?? false,
            Binary = o.Bool("binary") ?? false,
            SkipClean = o.Bool("skip_clean") ?? false,
            ValidExitCodes = ExitCodes(o),
            PauseAfter = o.Duration("pause_after"),
        };
        // Packer's interpolation filter excludes execute_command: read it raw.
        if (o.Node("execute_command") is ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } command })
            spec = spec with { ExecuteCommand = command };
        return spec;
    }

    /// <summary>`KEY=VALUE` entries, as Packer checks them (a key, then `=`).</summary>
    internal static IReadOnlyList<string> EnvironmentVars(OptionReader o)
    {
        var env = o.StringList("environment_vars") ?? [];
        foreach (var pair in env)
            if (pair.IndexOf('=') <= 0) o.Problems.At(o.Node("environment_vars")!, $"'{pair}' is not in the form key=value");
        return env;
    }

    /// <summary>env_var_format, checked for the two `%s` Packer fills with a name and a value.</summary>
    internal static string? Format(OptionReader o)
    {
        if (NonEmpty(o, "env_var_format") is not { } format) return null;
        if (EnvVarFormat.Problem(format) is { } problem)
            o.Problems.At(o.Node("env_var_format")!, $"env_var_format \"{format}\" cannot hold a variable: {problem}");
        return format;
    }

    /// <summary>valid_exit_codes: Packer's default [0]; an empty list would make every exit a failure.</summary>
    internal static IReadOnlyList<int> ExitCodes(OptionReader o)
    {
        if (o.IntList("valid_exit_codes") is not { } codes) return [0];
        if (codes.Count == 0) o.Problems.At(o.Node("valid_exit_codes")!, "valid_exit_codes is empty: every exit would fail; leave it out for [0]");
        return codes;
    }

    internal static string? NonEmpty(OptionReader o, string key) => o.String(key) is { Length: > 0 } value ? value : null;

    private static string? RemoteAbsolute(OptionReader o, string key)
    {
        if (NonEmpty(o, key) is not { } path) return null;
        // Relative remote paths land wherever ssh's login directory is; Packer's documentation asks for full paths.
        if (!path.StartsWith('/')) o.Problems.At(o.Node(key)!, $"{key} \"{path}\" must be an absolute path on the instance, such as /tmp/script.sh");
        return path;
    }

    private static string? RemoteDirectory(OptionReader o, string key) => RemoteAbsolute(o, key) is { } d ? d.TrimEnd('/') : null;

    private static string? RemoteName(OptionReader o)
    {
        if (NonEmpty(o, "remote_file") is not { } name) return null;
        if (name.Contains('/')) o.Problems.At(o.Node("remote_file")!, $"remote_file \"{name}\" must be a file name; give a directory with remote_folder");
        return name;
    }
}
