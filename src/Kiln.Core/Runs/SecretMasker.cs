using System.Web;
using System.Text;

namespace Kiln.Core.Runs;

/// <summary>Replaces every registered secret in a line with `***`: the value itself and the forms a playbook most
/// often turns it into (upper and lower case, base64 with or without padding and its URL-safe alphabet, URL
/// encoding). Longest first, so a secret that contains another is hidden whole. Values shorter than 4 characters
/// are not registered: masking "1" would garble logs and protect nothing. What it cannot catch (a slice, a hash,
/// a secret base64-encoded inside a longer text) is listed in docs/security.md.</summary>
public sealed class SecretMasker
{
    private readonly Lock _gate = new();
    private string[] _secrets = [];

    public void Add(string secret)
    {
        foreach (var line in secret.Split('\n'))
        {
            var value = line.Trim();
            if (value.Length < 4) continue;
            lock (_gate)
                _secrets = [.. _secrets.Union(Forms(value).Where(f => f.Length >= 4), StringComparer.Ordinal).OrderByDescending(s => s.Length)];
        }
    }

    public string Mask(string text)
    {
        var secrets = _secrets;
        foreach (var s in secrets)
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>The value and what Ansible's b64encode, upper, lower and urlencode filters (and their shell
    /// equivalents) make of it.</summary>
    public static IEnumerable<string> Forms(string value)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        var unpadded = base64.TrimEnd('=');
        return new[]
        {
            value, value.ToUpperInvariant(), value.ToLowerInvariant(),
            base64, unpadded, unpadded.Replace('+', '-').Replace('/', '_'),
            Uri.EscapeDataString(value), HttpUtility.UrlEncode(value),
        }.Distinct(StringComparer.Ordinal);
    }
}
