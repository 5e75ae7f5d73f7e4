using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kiln.Baking.Git;

/// <summary>A playbook repository as `--repo` or a job's `repo:` gives it: a local path, file://, http(s)://, ssh://
/// or scp-like `user@host:path`. Credentials inside the URL (`https://user:TOKEN@host/…`) are taken out: git is given
/// the URL without them (they reach it as an HTTP header through its environment, never on a command line or in the
/// mirror's config), the image's tag and the run record show <see cref="Clean"/>, and <see cref="Secrets"/> are
/// masked in every log.</summary>
public sealed partial record RepositoryUrl
{
    /// <summary>The URL without credentials (an absolute path for a local repository): what git fetches and the tag records.</summary>
    public required string Clean { get; init; }
    /// <summary>The URL as logs show it: credentials replaced by `***`.</summary>
    public required string Shown { get; init; }
    /// <summary>`Authorization` header value for http(s) URLs that carried credentials.</summary>
    public string? AuthorizationHeader { get; init; }
    public IReadOnlyList<string> Secrets { get; init; } = [];
    public bool IsLocal { get; init; }

    /// <summary>The URL, or a problem that says what to give instead.</summary>
    public static RepositoryUrl? Parse(string text, string baseDirectory, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl) || text.StartsWith('-'))
        {
            problem = "--repo must be a repository: a path, file://, https://, ssh:// or user@host:path URL";
            return null;
        }
        if (text.Contains("://", StringComparison.Ordinal)) return FromUrl(text, out problem);
        if (ScpLike().IsMatch(text))
            return new RepositoryUrl { Clean = text, Shown = text };
        var path = Path.GetFullPath(text, baseDirectory);
        if (!Directory.Exists(path))
        {
            problem = $"repository '{text}' does not exist (no directory {path}): give a path to a git repository or a URL";
            return null;
        }
        return new RepositoryUrl { Clean = path, Shown = path, IsLocal = true };
    }

    private static RepositoryUrl? FromUrl(string text, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            problem = $"repository URL '{MaskUserInfo(text)}' does not parse: check it";
            return null;
        }
        var scheme = uri.Scheme.ToLowerInvariant();
        if (scheme is not ("file" or "https" or "http" or "ssh" or "git"))
        {
            problem = $"repository URL scheme '{scheme}' is not one git fetches from here: use file://, https://, ssh:// or a path";
            return null;
        }
        if (scheme == "file")
        {
            if (!Directory.Exists(uri.LocalPath))
            {
                problem = $"repository '{text}' does not exist (no directory {uri.LocalPath}): give a path to a git repository";
                return null;
            }
            return new RepositoryUrl { Clean = text, Shown = text, IsLocal = true };
        }
        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        if (userInfo.Length == 0) return new RepositoryUrl { Clean = text, Shown = text };
        var colon = userInfo.IndexOf(':');
        // ssh://user@host: the user is a login name, not a secret; a password (which ssh never takes from a URL) is.
        var keepUser = scheme is "ssh" or "git" ? (colon < 0 ? userInfo : userInfo[..colon]) : null;
        var rest = text[(text.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var prefix = $"{uri.Scheme}://";
        var clean = prefix + (keepUser is null ? "" : Uri.EscapeDataString(keepUser) + "@") + rest;
        var shown = prefix + (keepUser is null ? "***@" : Uri.EscapeDataString(keepUser) + (colon < 0 ? "@" : ":***@")) + rest;
        var secrets = new List<string>();
        string? header = null;
        if (keepUser is null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(colon < 0 ? userInfo + ":" : userInfo));
            header = $"Basic {basic}";
            secrets.Add(basic);
            secrets.Add(colon < 0 ? userInfo : userInfo[(colon + 1)..]);
            secrets.Add(uri.UserInfo);
        }
        else if (colon >= 0) secrets.Add(userInfo[(colon + 1)..]);
        return new RepositoryUrl { Clean = clean, Shown = shown, AuthorizationHeader = header, Secrets = secrets };
    }

    /// <summary>The mirror's directory name under KILN_HOME/git: readable, and unique per clean URL.</summary>
    public string MirrorName
    {
        get
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Clean)))[..16];
            var slug = Slug().Replace(Clean.Split("://")[^1], "-").Trim('-');
            if (slug.EndsWith("-git", StringComparison.Ordinal)) slug = slug[..^4];
            return $"{(slug.Length > 40 ? slug[^40..].TrimStart('-') : slug)}-{hash}.git";
        }
    }

    /// <summary>Anything between `://` and `@` replaced by `***`: for messages about URLs that did not even parse.</summary>
    public static string MaskUserInfo(string text) => UserInfo().Replace(text, "$1***@");

    public override string ToString() => Shown;

    [GeneratedRegex(@"^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!//)[^\s]+$")] private static partial Regex ScpLike();
    [GeneratedRegex(@"[^A-Za-z0-9._]+")] private static partial Regex Slug();
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@")] private static partial Regex UserInfo();
}
