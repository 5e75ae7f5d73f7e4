using System.Security.Cryptography;
using System.Text;

namespace Kiln.Baking.Inputs;

/// <summary>A vault password file as an input: PBKDF2-SHA256 of its content, salted with the family. The inputs are
/// stored in the history and compared across runs, so a plain hash of a short password would let anyone who reads the
/// history test guesses at SHA-256 speed; this costs each guess as much as it costs Kiln once per bake
/// (<see cref="Iterations"/>: about 5 ms here).</summary>
public static class VaultFingerprint
{
    public const int Iterations = 20_000;

    public static string Of(IEnumerable<string> files, string family)
    {
        using var all = new MemoryStream();
        foreach (var f in files)
        {
            var content = File.Exists(f) ? File.ReadAllBytes(f) : [];
            all.Write(BitConverter.GetBytes(content.Length));
            all.Write(content);
        }
        var key = Rfc2898DeriveBytes.Pbkdf2(all.ToArray(), Encoding.UTF8.GetBytes($"kiln inputs vault {family}"), Iterations,
            HashAlgorithmName.SHA256, 16);
        return Convert.ToHexStringLower(key);
    }
}
