using System.Text;
using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell provisioner over the system ssh client (<see cref="ShellRemotePlan"/>): the variable
/// file if asked for, then each script uploaded (mode 0755), run with execute_command and removed unless
/// skip_clean, all by one login; output goes to the run log (stream "shell").</summary>
public sealed class ShellProvisioner(ShellProvisionerSpec spec) : IProvisioner
{
    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        var scripts = new List<(string Name, byte[] Content)>();
        if (spec.Inline.Count > 0) scripts.Add(("inline", Encoding.UTF8.GetBytes(ShellCommand.InlineScript(spec.Inline, spec.InlineShebang))));
        foreach (var path in spec.Scripts) scripts.Add((path, await File.ReadAllBytesAsync(path, ct)));
        var plan = ShellRemotePlan.For(spec, context.BuildName, context.BuilderType, Random.Shared);
        if (plan.EnvVarFile is { } envFile)
            await Upload.BytesAsync(context.Target, Encoding.UTF8.GetBytes(plan.EnvVarFileContent!), envFile, ct);

        var disconnected = false;
        foreach (var (name, content) in scripts)
        {
            context.Log.Info($"Provisioning with shell script: {name}");
            var result = await UploadAndRunAsync(context, plan, name, spec.Binary ? content : ShellCommand.UnixLines(content), ct);
            if (result.ExitCode == SshClient.ConnectionLost
                && (spec.ExpectDisconnect || spec.ValidExitCodes.Contains(ShellProvisionerSpec.DisconnectExitCode)))
            {
                // The instance may be rebooting: its /tmp goes with it, and nothing more can be removed now.
                context.Log.Info("the script disconnected, as expect_disconnect allows");
                disconnected = true;
                continue;
            }
            if (!spec.ValidExitCodes.Contains(result.ExitCode))
                throw new ProcessFailedException($"shell script {name}", result.ExitCode,
                    spec.ValidExitCodes is [0] ? null : $"allowed exit codes are {string.Join(", ", spec.ValidExitCodes)}");
        }
        if (plan.EnvVarFile is { } file && !spec.SkipClean && !disconnected)
            await SshClient.RunAsync(context.Target, ShellRemotePlan.Remove(file), (_, _) => { }, ct);
    }

    /// <summary>One login uploads the script and runs it (<see cref="ShellRemotePlan.UploadThenRun"/>); its output goes
    /// to the run log. An upload that failed is an upload error with the shell's last complaints, not the script's.</summary>
    private async Task<ProcessResult> UploadAndRunAsync(ProvisionContext context, ShellRemotePlan plan, string name, byte[] script,
        CancellationToken ct)
    {
        var uploadFailed = false;
        var complaints = new List<string>();
        var result = await ChildProcess.RunAsync(
            SshClient.Command(context.Target, plan.UploadThenRun(keep: spec.SkipClean)) with { StandardInput = Upload.Feed(script) },
            (stream, line) =>
            {
                if (stream == "stderr" && line == ShellRemotePlan.UploadFailed) { uploadFailed = true; return; }
                if (stream == "stderr") complaints.Add(line);
                context.Log.Write("shell", line);
            }, ct);
        if (uploadFailed)
            throw new ProcessFailedException($"upload of shell script {name} to {plan.RemotePath}", result.ExitCode, string.Join(" / ", complaints.TakeLast(2)));
        return result;
    }
}
