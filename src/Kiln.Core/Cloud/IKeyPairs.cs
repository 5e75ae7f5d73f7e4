namespace Kiln.Core.Cloud;

/// <summary>A cloud that holds named key pairs (EC2): asked before anything is made whether the key pair a template
/// names (ssh_keypair_name) exists.</summary>
public interface IKeyPairs
{
    Task<bool> KeyPairExistsAsync(string name, CancellationToken ct);
}
