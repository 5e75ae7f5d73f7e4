namespace Kiln.Core.Baking;

/// <summary>How the bake logs in to the build instance (Packer's ssh_keypair_name, ssh_private_key_file,
/// ssh_agent_auth, temporary_key_pair_name). The default is a temporary key pair made and deleted by the run; with a
/// private key file or the agent nothing is made: an existing key pair (<paramref name="KeyPairName"/>) is attached
/// to the instance, or none when the source image already accepts the key.</summary>
/// <param name="KeyPairName">An existing key pair to launch with; null: a temporary one, or none.</param>
/// <param name="PrivateKeyFile">The absolute path of the user's private key; null: the temporary key, or the agent.</param>
/// <param name="AgentAuth">Authenticate with the keys of the agent at SSH_AUTH_SOCK.</param>
/// <param name="TemporaryKeyPairName">The temporary key pair's name; null: the run id.</param>
/// <param name="KeyPairNameAt">Where ssh_keypair_name was given (`file:line:col: path`), for a problem found in the cloud.</param>
public sealed record SshLogin(string? KeyPairName = null, string? PrivateKeyFile = null, bool AgentAuth = false,
    string? TemporaryKeyPairName = null, string? KeyPairNameAt = null)
{
    /// <summary>True when the run makes (and deletes) its own key pair.</summary>
    public bool IsTemporary => PrivateKeyFile is null && !AgentAuth;
}
