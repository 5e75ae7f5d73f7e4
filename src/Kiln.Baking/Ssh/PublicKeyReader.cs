using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.Baking.Ssh;

/// <summary>The OpenSSH public key line (`TYPE BASE64`) of a private key as clouds hand them out, read in-process:
/// an OpenSSH-format key (EC2's ed25519) carries its public blob unencrypted in its header (PROTOCOL.key); a PKCS#1
/// PEM (EC2's RSA) yields its modulus and exponent. Null for anything else (the caller asks `ssh-keygen -y`).</summary>
public static class PublicKeyReader
{
    private const string OpenSshHeader = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static readonly byte[] Magic = "openssh-key-v1\0"u8.ToArray();

    public static string? TryRead(string privateKey)
    {
        try
        {
            return privateKey.Contains(OpenSshHeader, StringComparison.Ordinal) ? FromOpenSsh(privateKey)
                : privateKey.Contains("-----BEGIN RSA PRIVATE KEY-----", StringComparison.Ordinal) ? FromRsaPem(privateKey)
                : null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static string? FromOpenSsh(string text)
    {
        var body = text[(text.IndexOf(OpenSshHeader, StringComparison.Ordinal) + OpenSshHeader.Length)..];
        var end = body.IndexOf("-----END", StringComparison.Ordinal);
        if (end < 0) return null;
        var data = Convert.FromBase64String(string.Concat(body[..end].Where(c => !char.IsWhiteSpace(c))));
        if (!data.AsSpan().StartsWith(Magic)) return null;
        var at = Magic.Length;
        ReadString(data, ref at); // cipher name
        ReadString(data, ref at); // kdf name
        ReadString(data, ref at); // kdf options
        if (at + 4 > data.Length || BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)) != 1) return null;
        at += 4;
        var blob = ReadString(data, ref at);
        var inner = 0;
        var type = Encoding.ASCII.GetString(ReadString(blob, ref inner));
        return $"{type} {Convert.ToBase64String(blob)}";
    }

    private static string FromRsaPem(string text)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(text);
        var p = rsa.ExportParameters(false);
        using var blob = new MemoryStream();
        Write(blob, "ssh-rsa"u8);
        Write(blob, Mpint(p.Exponent!));
        Write(blob, Mpint(p.Modulus!));
        return "ssh-rsa " + Convert.ToBase64String(blob.ToArray());
    }

    /// <summary>An SSH mpint: big-endian, with a leading zero when the high bit is set (RFC 4251 §5).</summary>
    private static byte[] Mpint(byte[] v) => v.Length > 0 && (v[0] & 0x80) != 0 ? [0, .. v] : v;

    private static void Write(Stream s, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        s.Write(data);
    }

    private static byte[] ReadString(byte[] data, ref int at)
    {
        if (at + 4 > data.Length) throw new FormatException("truncated key");
        var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
        if (length < 0 || at + 4 + length > data.Length) throw new FormatException("truncated key");
        var value = data.AsSpan(at + 4, length).ToArray();
        at += 4 + length;
        return value;
    }
}
