namespace Kiln.Baking.Ssh;

/// <summary>Where and as whom to SSH: the builder instance, with the run's private key (empty: the SSH agent's). With a
/// <paramref name="ControlPath"/>, every ssh shares one connection (OpenSSH ControlMaster): the first login opens
/// it, later commands (Ansible's tasks, the temporary key's removal) skip the TCP and SSH handshakes.
/// <paramref name="PythonInterpreter"/>: what the first login found (<see cref="PythonDiscovery"/>), or null.</summary>
public sealed record SshTarget(string Address, int Port, string User, string PrivateKeyFile, string? ControlPath = null,
    string? PythonInterpreter = null, Core.Baking.SshBastion? Bastion = null)
{
    /// <summary>Options every Kiln ssh call shares. Host keys are not checked: the instance was born a minute ago
    /// with a fresh host key and is reached on an address only this run uses (Packer does the same).</summary>
    public IReadOnlyList<string> CommonOptions =>
    [
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15",
        // An empty key file: the agent's keys (ssh_agent_auth), which IdentitiesOnly would exclude.
        .. PrivateKeyFile.Length == 0 ? [] : new[] { "-o", "IdentitiesOnly=yes", "-i", PrivateKeyFile },
        "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // On loopback (the local cloud's instances) the key exchange guards nothing that leaves the machine: the classical
        // curve25519 exchange first spares each login ~70 ms of CPU that the post-quantum default spends on its keys.
        .. IsLoopback ? new[] { "-o", "KexAlgorithms=^curve25519-sha256" } : [],
        // The master lives until the bake closes it (ControlMasters.CloseAsync) or idles for 10 minutes.
        .. ControlPath is null ? [] : new[] { "-o", "ControlMaster=auto", "-o", $"ControlPath={ControlPath}", "-o", "ControlPersist=10m" },
        // Through the bastion (ssh_bastion_host): the instance's address is one only the bastion reaches.
        .. Bastion is null ? [] : new[] { "-o", "ProxyCommand=" + SshBastionCommand.ProxyCommand(Bastion) },
    ];

    public string Destination => $"{User}@{Address}";

    /// <summary>The instance is reached on this machine's loopback (127.0.0.0/8, ::1), not through a bastion.</summary>
    public bool IsLoopback => Bastion is null && System.Net.IPAddress.TryParse(Address, out var ip) && System.Net.IPAddress.IsLoopback(ip);

    /// <summary>The run's master socket: under the run directory when the path leaves room in the 108-byte Unix
    /// socket limit (ssh adds a 17-character suffix while creating it), else under /tmp.</summary>
    public static string MasterSocket(string runDirectory)
    {
        var underRun = Path.Combine(runDirectory, "ssh");
        var directory = underRun.Length <= 80 ? underRun
            : Path.Combine(Path.GetTempPath(), "kiln-ssh-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(runDirectory)))[..12].ToLowerInvariant());
        return Path.Combine(directory, "master");
    }
}
