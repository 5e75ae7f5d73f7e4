namespace Kiln.Baking.Ssh;

/// <summary>Where and as whom to SSH: the builder instance, with the run's private key.</summary>
public sealed record SshTarget(string Address, int Port, string User, string PrivateKeyFile)
{
    /// <summary>Options every Kiln ssh call shares. Host keys are not checked: the instance was born a minute ago
    /// with a fresh host key and is reached on an address only this run uses (Packer does the same).</summary>
    public IReadOnlyList<string> CommonOptions =>
    [
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10",
        "-o", "ServerAliveInterval=15", "-i", PrivateKeyFile, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    public string Destination => $"{User}@{Address}";
}
