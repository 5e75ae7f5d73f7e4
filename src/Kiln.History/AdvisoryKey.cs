using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.History;

/// <summary>PostgreSQL advisory locks take a bigint: a stable hash of a name (string.GetHashCode is randomised per
/// process, so two processes would disagree).</summary>
internal static class AdvisoryKey
{
    public static long For(string name) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
