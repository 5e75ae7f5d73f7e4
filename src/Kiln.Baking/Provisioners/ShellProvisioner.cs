using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell provisioner over the system ssh client: each script is uploaded to /tmp and run with
/// execute_command; output goes to the run log (stream "shell").</summary>
public sealed class ShellProvisioner(ShellProvisionerSpec spec) : IProvisioner
{
    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        var scripts = new List<(string Name, string Text)>();
        if (spec.Inline.Count > 0) scripts.Add(("inline", ShellCommand.InlineScript(spec.Inline)));
        foreach (var file in spec.Scripts) scripts.Add((file, await File.ReadAllTextAsync(file, ct)));
        var vars = ShellCommand.Vars(context.BuildName, context.BuilderType, spec.EnvironmentVars);

        foreach (var (name, text) in scripts)
        {
            var remote = $"/tmp/script_{Random.Shared.Next(1000, 9999)}.sh";
            context.Log.Info($"Provisioning with shell script: {name}");
            await Upload.BytesAsync(context.Target, System.Text.Encoding.UTF8.GetBytes(text), remote, ct);
            var command = ShellCommand.Render(spec.ExecuteCommand, vars, remote);
            var result = await SshClient.RunAsync(context.Target, command, (_, line) => context.Log.Write("shell", line), ct);
            if (result.ExitCode == SshClient.ConnectionLost && spec.ExpectDisconnect)
            {
                context.Log.Info("the script disconnected, as expect_disconnect allows");
                continue;
            }
            if (result.ExitCode != 0) throw new ProcessFailedException($"shell script {name}", result.ExitCode);
            await SshClient.RunAsync(context.Target, $"rm -f {remote}", (_, _) => { }, ct);
        }
    }
}
