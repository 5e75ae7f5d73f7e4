using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Kiln.LocalCloud.State;

/// <summary>EC2-shaped ids: a prefix and 17 lower-case hex digits (`ami-0123456789abcdef0`).</summary>
public static partial class ResourceIds
{
    public static string New(string prefix) =>
        $"{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant()[..17]}";

    /// <summary>AWS accepts the older 8-digit ids too; anything else is malformed.</summary>
    public static bool IsWellFormed(string id, string prefix) =>
        id.StartsWith(prefix + "-", StringComparison.Ordinal) && HexTail().IsMatch(id.AsSpan(prefix.Length + 1));

    [GeneratedRegex("^([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex HexTail();
}
