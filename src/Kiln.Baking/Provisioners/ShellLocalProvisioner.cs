using Kiln.Baking.Processes;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell-local: each script (inline commands become one, in the run's directory) runs on this
/// machine with execute_command; output goes to the run log (stream "shell-local").</summary>
public sealed class ShellLocalProvisioner(ShellLocalProvisionerSpec spec) : IProvisioner
{
    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        var scripts = new List<string>();
        if (spec.Inline.Count > 0)
        {
            var path = Path.Combine(context.RunDirectory, $"shell-local-{Guid.NewGuid():N}.sh");
            await File.WriteAllTextAsync(path, ShellCommand.InlineScript(spec.Inline), ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            scripts.Add(path);
        }
        scripts.AddRange(spec.Scripts);
        var vars = ShellCommand.Vars(context.BuildName, context.BuilderType, spec.EnvironmentVars);
        foreach (var script in scripts)
        {
            context.Log.Info($"Running local shell script: {(spec.Scripts.Contains(script) ? script : "inline")}");
            var command = spec.ExecuteCommand.Select(part => ShellCommand.Render(part.Replace(".Script", ".Path", StringComparison.Ordinal), vars, script)).ToList();
            var process = new ProcessSpec(command[0], command[1..]) { WorkingDirectory = spec.WorkingDirectory };
            var result = await ChildProcess.RunAsync(process, (_, line) => context.Log.Write("shell-local", line), ct);
            if (result.ExitCode != 0) throw new ProcessFailedException($"shell-local script {Path.GetFileName(script)}", result.ExitCode);
        }
    }
}
