using System.Diagnostics;
using Kiln.Baking.Ssh;

namespace Kiln.Baking.Tests.Ssh;

public sealed class PublicKeyReaderTests
{
    /// <summary>Keys as clouds return them (EC2: ed25519 in OpenSSH format, RSA as PKCS#1 PEM), made by ssh-keygen;
    /// the line read in-process must be the one `ssh-keygen -y` derives.</summary>
    [Theory]
    [InlineData("ed25519", "RFC4716")]
    [InlineData("rsa", "PEM")]
    [InlineData("ecdsa", "RFC4716")]
    public void Reads_the_public_key_ssh_keygen_derives(string type, string format)
    {
        var dir = Directory.CreateTempSubdirectory("kiln-pubkey-");
        try
        {
            var file = Path.Combine(dir.FullName, "key");
            Run("ssh-keygen", "-q", "-t", type, "-m", format, "-N", "", "-C", "a comment", "-f", file);
            var expected = string.Join(' ', Run("ssh-keygen", "-y", "-f", file).Split(' ').Take(2));

            Assert.Equal(expected, PublicKeyReader.TryRead(File.ReadAllText(file)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IG9wZW5zc2g=\n-----END OPENSSH PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")]
    public void Anything_else_is_left_to_ssh_keygen(string text) => Assert.Null(PublicKeyReader.TryRead(text));

    private static string Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return output.Trim();
    }
}
