using Kiln.LocalCloud.Api.KeyPairs;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Unit;

/// <summary>Key pairs must be usable by OpenSSH and fingerprinted as EC2 documents it (checked with ssh-keygen/openssl).</summary>
public sealed class KeyMaterialTests
{
    [Fact]
    public async Task A_created_rsa_key_is_a_PKCS1_PEM_that_OpenSSH_reads_and_whose_public_half_we_keep()
    {
        var key = KeyMaterial.CreateRsa();
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", key.PrivateKey);
        Assert.DoesNotContain("BEGIN", key.ToString());
        var derived = await WithFile(key.PrivateKey, f => ProcessRunner.RunAsync("ssh-keygen", ["-y", "-f", f], CancellationToken.None));
        Assert.True(derived.Ok, derived.Stderr);
        Assert.Equal(key.PublicKey, derived.Stdout.Trim());
        Assert.Matches("^([0-9a-f]{2}:){19}[0-9a-f]{2}$", key.Fingerprint); // SHA-1 of the PKCS#8 key: 20 bytes
    }

    [Fact]
    public async Task An_imported_rsa_key_has_the_MD5_fingerprint_of_its_DER_public_key_as_EC2_documents()
    {
        var key = KeyMaterial.CreateRsa();
        var expected = await WithFile(key.PublicKey, f => ProcessRunner.RunAsync("sh",
            ["-c", "ssh-keygen -ef \"$1\" -m PEM | openssl rsa -RSAPublicKey_in -outform DER 2>/dev/null | openssl md5 -c", "sh", f],
            CancellationToken.None));
        var material = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key.PublicKey + " comment\n"));
        var (publicKey, type, fingerprint) = KeyMaterial.Import(material);
        Assert.Equal(("rsa", key.PublicKey), (type, publicKey));
        Assert.Equal(expected.Stdout.Split("= ")[1].Trim(), fingerprint);
    }

    [Fact]
    public async Task An_ed25519_key_comes_from_ssh_keygen_with_its_SHA256_fingerprint()
    {
        var key = await KeyMaterial.CreateEd25519Async(CancellationToken.None);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", key.PrivateKey);
        var listed = await WithFile(key.PublicKey, f => ProcessRunner.RunAsync("ssh-keygen", ["-l", "-f", f], CancellationToken.None));
        var sha = listed.Stdout.Split(' ')[1]; // "256 SHA256:xxxx comment (ED25519)"
        Assert.Equal(sha["SHA256:".Length..] + "=", key.Fingerprint);
        Assert.Equal(("ed25519", key.Fingerprint), (KeyMaterial.Import(key.PublicKey).KeyType, KeyMaterial.Import(key.PublicKey).Fingerprint));
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("ssh-dss AAAAB3NzaC1kc3MAAACBAP")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIG")]
    [InlineData("c3NoLXJzYSBub3RiYXNlNjQ=")]
    public void Anything_but_an_OpenSSH_rsa_or_ed25519_public_key_is_InvalidKey_Format(string material) =>
        Assert.Equal("InvalidKey.Format", Assert.Throws<Ec2Exception>(() => KeyMaterial.Import(material)).Code);

    private static async Task<ProcessResult> WithFile(string content, Func<string, Task<ProcessResult>> run)
    {
        var file = Path.GetTempFileName();
        try
        {
            Kiln.Core.KilnPaths.WritePrivateFile(file, content.EndsWith('\n') ? content : content + "\n");
            return await run(file);
        }
        finally { File.Delete(file); }
    }
}
