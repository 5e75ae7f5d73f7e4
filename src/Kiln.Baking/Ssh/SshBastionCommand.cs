using System.Globalization;
using Kiln.Baking.Processes;
using Kiln.Core.Baking;

namespace Kiln.Baking.Ssh;

/// <summary>The system `ssh` to a bastion: its own options (key, port, batch mode; its host key is not checked, as
/// Packer does not), the ProxyCommand that carries every Kiln and Ansible connection to the build instance through it
/// (`ssh -W %h:%p`), and the check before anything is made that it takes the key.</summary>
public static class SshBastionCommand
{
    /// <summary>ssh's arguments up to the destination (`[user@]host`), without a command.</summary>
    public static IReadOnlyList<string> Arguments(SshBastion b) =>
    [
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
        .. b.PrivateKeyFile is null ? [] : new[] { "-o", "IdentitiesOnly=yes", "-i", b.PrivateKeyFile },
        "-p", b.Port.ToString(CultureInfo.InvariantCulture),
        Destination(b),
    ];

    public static string Destination(SshBastion b) => b.User is null ? b.Host : $"{b.User}@{b.Host}";

    /// <summary>ssh_config's ProxyCommand (run by ssh through /bin/sh; `%h:%p` is the build instance). Words are
    /// single-quoted for the shell, and a '%' of theirs doubled for ssh's own expansion.</summary>
    public static string ProxyCommand(SshBastion b)
    {
        var args = Arguments(b);
        return "ssh " + string.Join(' ', args.Take(args.Count - 1).Select(Word)) + " -W %h:%p " + Word(args[^1]);
    }

    /// <summary>The ProxyCommand as one `-o` of ANSIBLE_SSH_ARGS (which Ansible splits as a shell would), or null when
    /// a path holds a character that splitting would change (the play then rides Kiln's open connection alone).</summary>
    public static string? AnsibleOption(SshBastion b)
    {
        var command = ProxyCommand(b);
        return command.Any(ch => ch is '"' or '\\' or '$' or '`') ? null : $"-o \"ProxyCommand={command}\"";
    }

    /// <summary>Logs in to the bastion and runs `true`: null when it took the key, else the problem, naming the option
    /// (with its place in the template) to mend.</summary>
    public static async Task<string?> ProblemAsync(SshBastion b, CancellationToken ct)
    {
        var errors = new List<string>();
        try
        {
            var result = await ChildProcess.RunAsync(new ProcessSpec("ssh", [.. Arguments(b), "--", "true"]),
                (stream, line) => { if (stream == "stderr") lock (errors) errors.Add(line); }, ct);
            if (result.ExitCode == 0) return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "ssh_bastion_host: ssh is not installed: apt-get install openssh-client";
        }
        var said = string.Join(" / ", errors.Where(e => e.Trim().Length > 0).TakeLast(2));
        return said.Contains("Permission denied", StringComparison.OrdinalIgnoreCase)
            ? $"{b.KeyAt ?? b.HostAt ?? "ssh_bastion_private_key_file"}: the bastion {Destination(b)} port {b.Port} refused the key ({said}): give the key it accepts, or its user in ssh_bastion_username"
            : $"{b.HostAt ?? "ssh_bastion_host"}: the bastion {Destination(b)} port {b.Port} could not be reached over SSH ({(said.Length == 0 ? "no reason given" : said)}): check ssh_bastion_host and ssh_bastion_port";
    }

    private static string Word(string word) =>
        "'" + word.Replace("%", "%%", StringComparison.Ordinal).Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
}
