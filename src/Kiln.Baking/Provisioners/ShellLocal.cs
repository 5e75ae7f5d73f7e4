using Kiln.Baking.Processes;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell-local, for the provisioner and the post-processor: each script (inline commands become
/// one, under inline_shebang, removed afterwards) runs on this machine with execute_command, where `{{.Vars}}` holds
/// PACKER_BUILD_NAME, PACKER_BUILDER_TYPE and environment_vars as Packer flattens them and `{{.Script}}` the script.
/// <paramref name="environment"/> goes to the process's own environment.</summary>
public static class ShellLocal
{
    /// <summary>Go's name for the system Kiln runs on (Packer compares only_on with runtime.GOOS).</summary>
    public static string CurrentOs => OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsFreeBSD() ? "freebsd" : "unknown";

    public static async Task RunAsync(ShellLocalProvisionerSpec spec, string buildName, string builderType,
        IReadOnlyDictionary<string, string> environment, string scratchDirectory, Action<string> info, Action<string> output,
        CancellationToken ct)
    {
        if (spec.OnlyOn.Count > 0 && !spec.OnlyOn.Contains(CurrentOs))
        {
            info($"Skipping shell-local: only_on is {string.Join(", ", spec.OnlyOn)} and this machine runs {CurrentOs}");
            return;
        }
        var vars = ShellCommand.Vars(buildName, builderType, spec.EnvironmentVars, spec.EnvVarFormat ?? EnvVarFormat.Inline);
        string? inline = null;
        try
        {
            var scripts = new List<string>(spec.Scripts);
            if (spec.Inline.Count > 0)
            {
                Directory.CreateDirectory(scratchDirectory);
                inline = Path.Combine(scratchDirectory, $"packer-shell-{Guid.NewGuid():N}");
                await File.WriteAllTextAsync(inline, ShellCommand.InlineScript(spec.Inline, spec.InlineShebang), ct);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(inline, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                scripts.Add(inline);
            }
            foreach (var script in scripts)
            {
                info($"Running local shell script: {(script == inline ? "inline" : script)}");
                var command = Command(spec.ExecuteCommand, vars, script);
                var process = new ProcessSpec(command[0], [.. command.Skip(1)]) { WorkingDirectory = spec.WorkingDirectory, Environment = environment };
                var result = await ChildProcess.RunAsync(process, (_, line) => output(line), ct);
                if (!spec.ValidExitCodes.Contains(result.ExitCode))
                    throw new ProcessFailedException($"shell-local script {(script == inline ? "inline" : Path.GetFileName(script))}", result.ExitCode,
                        spec.ValidExitCodes is [0] ? null : $"allowed exit codes are {string.Join(", ", spec.ValidExitCodes)}");
            }
        }
        finally
        {
            if (inline is not null) File.Delete(inline);
        }
    }

    /// <summary>execute_command with `{{.Vars}}` and `{{.Script}}` (also `{{.Path}}`) filled, one argument per entry.</summary>
    public static IReadOnlyList<string> Command(IReadOnlyList<string> executeCommand, string vars, string script) =>
        [.. executeCommand.Select(part => ShellCommand.Render(part.Replace(".Script", ".Path", StringComparison.Ordinal), vars, script))];
}
