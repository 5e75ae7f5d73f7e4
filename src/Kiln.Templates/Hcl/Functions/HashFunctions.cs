using System.Security.Cryptography;
using System.Text;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class HashFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["md5"] = Fixed(1, a => Hex(MD5.HashData(Bytes(a))));
        f["sha1"] = Fixed(1, a => Hex(SHA1.HashData(Bytes(a))));
        f["sha256"] = Fixed(1, a => Hex(SHA256.HashData(Bytes(a))));
        f["sha512"] = Fixed(1, a => Hex(SHA512.HashData(Bytes(a))));
        f["base64sha256"] = Fixed(1, a => HclValue.Of(Convert.ToBase64String(SHA256.HashData(Bytes(a)))));
        f["base64sha512"] = Fixed(1, a => HclValue.Of(Convert.ToBase64String(SHA512.HashData(Bytes(a)))));
        f["uuidv4"] = Fixed(0, _ => HclValue.Of(Guid.NewGuid().ToString()));
        f["uuidv5"] = Fixed(2, a => HclValue.Of(UuidV5(a.Str(0, "namespace"), a.Str(1, "name"))));
    }

    private static byte[] Bytes(IReadOnlyList<HclValue> a) => Encoding.UTF8.GetBytes(a.Str(0, "str"));

    private static HclValue Hex(byte[] hash) => HclValue.Of(Convert.ToHexStringLower(hash));

    private static string UuidV5(string space, string name)
    {
        var ns = space switch
        {
            "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
            "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
            "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
            _ => Guid.TryParse(space, out _) ? space : throw Args.Fail($"namespace \"{space}\" is not dns, url, oid, x500 or a UUID"),
        };
        var nsBytes = Guid.Parse(ns).ToByteArray(bigEndian: true);
        var hash = SHA1.HashData([.. nsBytes, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
