using Kiln.Baking.Ssh;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>What the shell provisioner does on the instance, decided before it connects, as Packer's shell
/// provisioner decides it: every script goes to one remote path (remote_path, or remote_folder/remote_file with
/// `script_NNNN.sh` chosen at random) and runs with the rendered execute_command; with use_env_var_file the variables
/// go to remote_folder/varfile_NNNN.sh, which the command sources.</summary>
public sealed record ShellRemotePlan(string RemotePath, string Command, string? EnvVarFile, string? EnvVarFileContent)
{
    public static ShellRemotePlan For(ShellProvisionerSpec spec, string buildName, string builderType, Random random)
    {
        var path = spec.RemotePath ?? $"{spec.RemoteFolder}/{spec.RemoteFile ?? $"script_{random.Next(9999)}.sh"}";
        var format = spec.EnvVarFormat ?? (spec.UseEnvVarFile ? EnvVarFormat.File : EnvVarFormat.Inline);
        var vars = ShellCommand.Vars(buildName, builderType, spec.EnvironmentVars, format);
        var execute = spec.ExecuteCommand
            ?? (spec.UseEnvVarFile ? ShellProvisionerSpec.EnvVarFileExecuteCommand : ShellProvisionerSpec.DefaultExecuteCommand);
        if (!spec.UseEnvVarFile) return new ShellRemotePlan(path, ShellCommand.Render(execute, vars, path), null, null);
        var envFile = $"{spec.RemoteFolder}/varfile_{random.Next(9999)}.sh";
        // As in Packer, {{.Vars}} still holds the variables (in the file's format) for a command that names it.
        return new ShellRemotePlan(path, ShellCommand.Render(execute, vars, path, envFile), envFile, vars);
    }

    /// <summary>What the remote shell prints on stderr when the script could not be written; nothing ran then.</summary>
    public const string UploadFailed = "kiln: the script could not be written on the instance";

    /// <summary>The whole script in one login: its bytes from stdin into the remote path (mode 0755), the command, and
    /// (unless <paramref name="keep"/>, Packer's skip_clean) the script's removal when the shell exits, whatever way it
    /// exits: Packer's upload and cleanup without round trips of their own. The command's exit status is the login's.
    /// An upload that fails prints <see cref="UploadFailed"/> and runs nothing.</summary>
    public string UploadThenRun(bool keep) =>
        (keep ? "" : $"trap {SshClient.Quote(Remove(RemotePath))} EXIT\n")
        + SshClient.OrStop(Upload.Receive(RemotePath, executable: true), UploadFailed)
        + Command;

    /// <summary>Packer's cleanup of an uploaded file.</summary>
    public static string Remove(string path) => $"rm -f {SshClient.Quote(path)}";
}
