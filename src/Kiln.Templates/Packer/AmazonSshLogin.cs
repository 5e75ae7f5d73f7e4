using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>amazon-ebs's login options → <see cref="SshLogin"/>, as Packer's communicator reads them: an existing
/// key pair with its private key file or the agent, a private key file alone (the source image already accepts it),
/// the agent alone, or a temporary key pair (its name and type). Whether the key pair exists is the cloud's to say:
/// StepCheckInputs asks DescribeKeyPairs before anything is made.</summary>
internal static class AmazonSshLogin
{
    public static SshLogin Read(OptionReader o, PackerReadContext rc)
    {
        var keyPair = NullIfEmpty(o.String("ssh_keypair_name"));
        var agent = o.Bool("ssh_agent_auth") ?? false;
        var keyFile = ReadKeyFile(o, rc);
        if (agent && rc.AgentSocket is null)
            o.Problems.At(o.Node("ssh_agent_auth")!, "ssh_agent_auth is true but SSH_AUTH_SOCK is not set: start an agent and add the key (eval \"$(ssh-agent)\"; ssh-add KEY), or give ssh_private_key_file");
        else if (agent && !File.Exists(rc.AgentSocket))
            o.Problems.At(o.Node("ssh_agent_auth")!, $"ssh_agent_auth is true but SSH_AUTH_SOCK ({rc.AgentSocket}) is no agent's socket: start an agent (eval \"$(ssh-agent)\"; ssh-add KEY)");
        if (keyPair is not null && !o.Has("ssh_private_key_file") && !agent)
            o.Problems.At(o.Node("ssh_keypair_name")!, "ssh_keypair_name needs the key pair's private key: give ssh_private_key_file, or set ssh_agent_auth with the key in your agent");
        if (keyPair is not null && keyPair.Length > 255)
            o.Problems.At(o.Node("ssh_keypair_name")!, "ssh_keypair_name is longer than EC2's 255 characters");
        var temporary = NullIfEmpty(o.String("temporary_key_pair_name"));
        if (temporary is not null && (temporary.Length > 255 || temporary.Any(ch => ch is < ' ' or > '~')))
            o.Problems.At(o.Node("temporary_key_pair_name")!, $"'{NameRules.Printable(temporary)}' is not a key pair name: up to 255 printable ASCII characters");
        return new SshLogin(keyPair, keyFile, agent, temporary,
            o.Node("ssh_keypair_name") is { } node && keyPair is not null ? $"{node.Position}: {node.Path}" : null);
    }

    /// <summary>ssh_bastion_host and its port, user and key (a file, or the agent's keys), as Packer's communicator
    /// reads them: a key or the agent is required (no password: Kiln runs ssh without a prompt). Whether the bastion
    /// takes the key is asked before anything is made (StepCheckInputs).</summary>
    public static SshBastion? ReadBastion(OptionReader o, PackerReadContext rc)
    {
        var host = NullIfEmpty(o.String("ssh_bastion_host"));
        if (host is null)
        {
            foreach (var key in new[] { "ssh_bastion_port", "ssh_bastion_username", "ssh_bastion_private_key_file", "ssh_bastion_agent_auth" })
                if (o.Node(key) is { } orphan) o.Problems.At(orphan, $"{key} needs ssh_bastion_host: the bastion to reach the build instance through");
            return null;
        }
        var hostNode = o.Node("ssh_bastion_host")!;
        if (host.Any(ch => ch is < '!' or > '~') || host.StartsWith('-'))
            o.Problems.At(hostNode, $"'{NameRules.Printable(host)}' is not a host name or address");
        var port = o.Int("ssh_bastion_port", 1, 65535) ?? 22;
        var user = NullIfEmpty(o.String("ssh_bastion_username"));
        if (user is not null && (user.Any(ch => ch is < '!' or > '~' or '@') || user.StartsWith('-')))
            o.Problems.At(o.Node("ssh_bastion_username")!, $"'{NameRules.Printable(user)}' is not a user name");
        var agent = o.Bool("ssh_bastion_agent_auth") ?? false;
        string? keyFile = null;
        if (o.Node("ssh_bastion_private_key_file") is { } keyNode)
        {
            keyFile = rc.ExistingFile(keyNode, "ssh_bastion_private_key_file", AmazonEbsReader.ExpandHome(o.String("ssh_bastion_private_key_file")));
            if (keyFile is not null && KeyProblem(File.ReadAllText(keyFile)) is { } problem)
            {
                o.Problems.At(keyNode, $"ssh_bastion_private_key_file {keyFile} {problem}");
                keyFile = null;
            }
        }
        else if (!agent)
            o.Problems.At(hostNode, "ssh_bastion_host needs a key to log in with: give ssh_bastion_private_key_file, or set ssh_bastion_agent_auth with the key in your agent");
        if (agent && rc.AgentSocket is null)
            o.Problems.At(o.Node("ssh_bastion_agent_auth")!, "ssh_bastion_agent_auth is true but SSH_AUTH_SOCK is not set: start an agent and add the key (eval \"$(ssh-agent)\"; ssh-add KEY), or give ssh_bastion_private_key_file");
        return new SshBastion(host, port, user, keyFile, $"{hostNode.Position}: {hostNode.Path}",
            o.Node("ssh_bastion_private_key_file") is { } at ? $"{at.Position}: {at.Path}" : null);
    }

    /// <summary>The file must hold a private key that ssh can use without a prompt (Kiln runs ssh in batch mode).
    /// `~` is the user's home directory, as in Packer.</summary>
    private static string? ReadKeyFile(OptionReader o, PackerReadContext rc)
    {
        if (o.Node("ssh_private_key_file") is not { } node) return null;
        var given = AmazonEbsReader.ExpandHome(o.String("ssh_private_key_file"));
        var path = rc.ExistingFile(node, "ssh_private_key_file", given);
        if (path is null) return null;
        var problem = KeyProblem(File.ReadAllText(path));
        if (problem is null) return path;
        o.Problems.At(node, $"ssh_private_key_file {path} {problem}");
        return null;
    }

    /// <summary>Null for an unencrypted private key in a format OpenSSH reads (OpenSSH, PKCS#1, PKCS#8, SEC1 PEM).</summary>
    internal static string? KeyProblem(string text)
    {
        var begin = text.IndexOf("-----BEGIN ", StringComparison.Ordinal);
        var header = begin < 0 ? "" : text[begin..].Split('\n', 2)[0].Trim();
        if (header is "-----BEGIN ENCRYPTED PRIVATE KEY-----" || text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal)
            || header == "-----BEGIN OPENSSH PRIVATE KEY-----" && OpenSshCipher(text) is not (null or "none"))
            return "is protected by a passphrase: Kiln runs ssh without a prompt; add the key to your agent and set ssh_agent_auth";
        if (header is "-----BEGIN OPENSSH PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----"
            or "-----BEGIN EC PRIVATE KEY-----" or "-----BEGIN DSA PRIVATE KEY-----")
            return null;
        return text.StartsWith("ssh-", StringComparison.Ordinal) || text.StartsWith("ecdsa-", StringComparison.Ordinal)
            ? "is a public key: give the private key (the file without .pub)"
            : "is not a private key (expected a PEM or OpenSSH private key, such as EC2's key pair file)";
    }

    /// <summary>The cipher an OpenSSH-format key names after its magic (PROTOCOL.key): `none` when not encrypted.</summary>
    private static string? OpenSshCipher(string text)
    {
        try
        {
            var body = string.Concat(text.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim()));
            var bytes = Convert.FromBase64String(body);
            const int magic = 15; // "openssh-key-v1\0"
            var length = bytes[magic] << 24 | bytes[magic + 1] << 16 | bytes[magic + 2] << 8 | bytes[magic + 3];
            return System.Text.Encoding.ASCII.GetString(bytes, magic + 4, length);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
