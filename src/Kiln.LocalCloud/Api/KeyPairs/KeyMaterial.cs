using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Api.KeyPairs;

/// <summary>A new key pair: the private key for the client (once), the OpenSSH public key line we keep.</summary>
public sealed record NewKey(string PrivateKey, string PublicKey, string Fingerprint)
{
    public override string ToString() => $"NewKey {{ PublicKey = {PublicKey}, PrivateKey = *** }}";
}

/// <summary>
/// Key pairs as EC2 makes them, usable by OpenSSH: RSA 2048 as a PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), ed25519
/// from ssh-keygen in OpenSSH format (.NET has no ed25519). Fingerprints follow EC2's documented rules: created RSA =
/// SHA-1 of the PKCS#8 private key; imported RSA = MD5 of the public key's DER; ed25519 = base64 SHA-256 of the blob.
/// </summary>
public static class KeyMaterial
{
    public static NewKey CreateRsa()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        return new NewKey(rsa.ExportRSAPrivateKeyPem() + "\n", "ssh-rsa " + Convert.ToBase64String(RsaBlob(p.Exponent!, p.Modulus!)),
            ColonHex(SHA1.HashData(rsa.ExportPkcs8PrivateKey())));
    }

    public static async Task<NewKey> CreateEd25519Async(CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("kiln-key-");
        try
        {
            var file = Path.Combine(dir.FullName, "key");
            var r = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", file], ct);
            if (!r.Ok) throw new PodmanException($"ssh-keygen failed: {r.Stderr.Trim()}");
            var publicLine = (await File.ReadAllTextAsync(file + ".pub", ct)).Trim();
            var (_, blob) = ParsePublicKey(publicLine);
            return new NewKey(await File.ReadAllTextAsync(file, ct), publicLine, Convert.ToBase64String(SHA256.HashData(blob)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>An imported public key: its OpenSSH line, type (`rsa`/`ed25519`) and EC2 fingerprint.</summary>
    public static (string PublicKey, string KeyType, string Fingerprint) Import(string material)
    {
        var text = DecodeMaterial(material);
        var (type, blob) = ParsePublicKey(text);
        var line = $"{type} {Convert.ToBase64String(blob)}";
        if (type == "ssh-ed25519") return (line, "ed25519", Convert.ToBase64String(SHA256.HashData(blob)));
        var (e, n) = ReadRsaBlob(blob);
        using var rsa = RSA.Create(new RSAParameters { Exponent = e, Modulus = n });
        return (line, "rsa", ColonHex(MD5.HashData(rsa.ExportSubjectPublicKeyInfo())));
    }

    /// <summary>PublicKeyMaterial is a base64 blob of the key file; a plain OpenSSH line is accepted too.</summary>
    private static string DecodeMaterial(string material)
    {
        var trimmed = material.Trim();
        if (trimmed.StartsWith("ssh-", StringComparison.Ordinal)) return trimmed;
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(trimmed)).Trim(); }
        catch (FormatException) { throw InvalidFormat(); }
    }

    public static (string Type, byte[] Blob) ParsePublicKey(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] is not ("ssh-rsa" or "ssh-ed25519")) throw InvalidFormat();
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[1]); }
        catch (FormatException) { throw InvalidFormat(); }
        var reader = new SshReader(blob);
        if (reader.String() is var inner && Encoding.ASCII.GetString(inner) != parts[0]) throw InvalidFormat();
        if (parts[0] == "ssh-rsa") ReadRsaBlob(blob);
        else if (reader.String().Length != 32) throw InvalidFormat();
        return (parts[0], blob);
    }

    private static Ec2Exception InvalidFormat() =>
        new("InvalidKey.Format", "Key is not in valid OpenSSH public key format (ssh-rsa or ssh-ed25519)");

    private static (byte[] E, byte[] N) ReadRsaBlob(byte[] blob)
    {
        var r = new SshReader(blob);
        r.String();
        var e = r.String().AsSpan().TrimStart((byte)0).ToArray();
        var n = r.String().AsSpan().TrimStart((byte)0).ToArray();
        if (e.Length == 0 || n.Length < 128) throw InvalidFormat(); // RSA keys of at least 1024 bits, as EC2 requires
        return (e, n);
    }

    private static byte[] RsaBlob(byte[] e, byte[] n)
    {
        using var s = new MemoryStream();
        Write(s, "ssh-rsa"u8.ToArray());
        Write(s, Mpint(e));
        Write(s, Mpint(n));
        return s.ToArray();

        static byte[] Mpint(byte[] v) => v.Length > 0 && (v[0] & 0x80) != 0 ? [0, .. v] : v;
        static void Write(Stream s, byte[] data)
        {
            Span<byte> len = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
            s.Write(len);
            s.Write(data);
        }
    }

    private static string ColonHex(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("x2")));

    private sealed class SshReader(byte[] data)
    {
        private int _at;
        public byte[] String()
        {
            if (_at + 4 > data.Length) throw InvalidFormat();
            var len = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(_at));
            if (len < 0 || _at + 4 + len > data.Length) throw InvalidFormat();
            var s = data.AsSpan(_at + 4, len).ToArray();
            _at += 4 + len;
            return s;
        }
    }
}
