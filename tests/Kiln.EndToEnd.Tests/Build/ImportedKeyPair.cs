using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>A team's existing key pair: a key made by ssh-keygen, its public half imported (ImportKeyPair, through the
/// SDK: milliseconds where an AWS CLI call costs a second), deleted again by <see cref="DisposeAsync"/> (the
/// collection's later builds share the cloud).</summary>
public sealed class ImportedKeyPair(IAmazonEC2 ec2, string name, string privateKeyFile) : IAsyncDisposable
{
    public string Name => name;
    public string PrivateKeyFile => privateKeyFile;

    public static async Task<ImportedKeyPair> CreateAsync(IAmazonEC2 ec2, string directory)
    {
        var name = $"team-builder-{Guid.NewGuid().ToString("N")[..8]}";
        var key = Path.Combine(directory, "builder-key");
        using (var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key])
                   { RedirectStandardError = true })!)
        {
            await keygen.WaitForExitAsync();
            Assert.True(keygen.ExitCode == 0, await keygen.StandardError.ReadToEndAsync());
        }
        await ec2.ImportKeyPairAsync(new ImportKeyPairRequest(name, await File.ReadAllTextAsync(key + ".pub")));
        return new ImportedKeyPair(ec2, name, key);
    }

    /// <summary>Whether the cloud still holds the key pair.</summary>
    public async Task<bool> ExistsAsync() =>
        (await ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { Filters = [new Filter("key-name", [name])] })).KeyPairs?.Count == 1;

    public async ValueTask DisposeAsync() => await ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = name });
}
