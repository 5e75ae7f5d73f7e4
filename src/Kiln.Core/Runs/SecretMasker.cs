namespace Kiln.Core.Runs;

/// <summary>Replaces every registered secret in a line with `***`. Longest secrets first, so a secret that contains
/// another is hidden whole. Values shorter than 4 characters are not registered: masking "1" would garble logs
/// and protect nothing.</summary>
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
            {
                if (_secrets.Contains(value)) continue;
                _secrets = [.. _secrets.Append(value).OrderByDescending(s => s.Length)];
            }
        }
    }

    public string Mask(string text)
    {
        var secrets = _secrets;
        foreach (var s in secrets)
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }
}
