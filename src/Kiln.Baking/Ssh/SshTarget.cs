namespace Kiln.Baking.Ssh;

/// <summary>Where and as whom to SSH: the builder instance, with the run's private key.</summary>
public sealed record SshTarget(string Address, int Port, string User, string PrivateKeyFile)
{
    /// <summary>Directory of a shared control master: the first ssh call opens one connection and later calls
    /// (shell and file provisioners, the key removal) reuse it, saving a TCP and SSH handshake each (~0.3 s
    /// measured on the local cloud). It persists across a long playbook and is closed explicitly after the key
    /// removal (or by the step's cleanup); a killed Kiln's master ends when the instance goes (ServerAlive). One target per run, so one fixed short name: ssh appends 17 characters to it
    /// while binding, and a Unix socket path has 108 bytes at most. Null: every call connects anew.</summary>
    public string? ControlDirectory { get; init; }

    /// <summary>Options every Kiln ssh call shares. Host keys are not checked: the instance was born a minute ago
    /// with a fresh host key and is reached on an address only this run uses (Packer does the same).</summary>
    public IReadOnlyList<string> CommonOptions =>
    [
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10",
        "-o", "ServerAliveInterval=15", "-i", PrivateKeyFile, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        .. (ControlDirectory is null ? Array.Empty<string>()
            : ["-o", "ControlMaster=auto", "-o", "ControlPersist=10m", "-o", $"ControlPath={ControlDirectory}/{ControlMasters.KilnMaster}"]),
    ];

    public string Destination => $"{User}@{Address}";
}
