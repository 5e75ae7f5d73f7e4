using System.Text.Json;

namespace Kiln.Server.Hooks;

/// <summary>A push as GitHub, GitLab and Gitea describe it: the ref pushed (`refs/heads/main`), the commit it now
/// names (null for a deleted branch), every URL the payload gives for the repository (clone, ssh, web), and its
/// default branch when the payload says.</summary>
public sealed record PushEvent(string Ref, string? After, IReadOnlyList<string> Urls, string? DefaultBranch)
{
    private static readonly string[] UrlFields =
        ["clone_url", "ssh_url", "git_url", "html_url", "url", "git_http_url", "git_ssh_url", "http_url", "web_url", "homepage"];

    /// <summary>The push, or null when the body is not a push payload of the three.</summary>
    public static PushEvent? Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Text(root, "ref") is not { } gitRef) return null;
        var urls = new List<string>();
        string? defaultBranch = null;
        foreach (var holder in new[] { "repository", "project" })
        {
            if (!root.TryGetProperty(holder, out var repo) || repo.ValueKind != JsonValueKind.Object) continue;
            foreach (var field in UrlFields)
                if (Text(repo, field) is { Length: > 0 } url) urls.Add(url);
            defaultBranch ??= Text(repo, "default_branch");
        }
        if (urls.Count == 0) return null;
        var after = Text(root, "after");
        return new PushEvent(gitRef, after is null || after.All(c => c == '0') ? null : after, urls, defaultBranch);
    }

    /// <summary>Whether a job's ref names what was pushed: the full ref, a branch or tag name, or HEAD for the
    /// repository's default branch.</summary>
    public bool Names(string jobRef) =>
        jobRef == Ref || $"refs/heads/{jobRef}" == Ref || $"refs/tags/{jobRef}" == Ref
        || (jobRef == "HEAD" && DefaultBranch is { } d && Ref == $"refs/heads/{d}");

    /// <summary>Whether a job's repository URL is this repository, however it is spelled (https or ssh, with or
    /// without `.git`, with or without credentials).</summary>
    public bool IsRepository(string jobRepo)
    {
        var wanted = RepositoryKey(jobRepo);
        return Urls.Any(u => RepositoryKey(u) == wanted);
    }

    /// <summary>host/path, lower case, without scheme, user, port, credentials, trailing `/` or `.git`.</summary>
    public static string RepositoryKey(string url)
    {
        var text = url.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        else if (text.IndexOf(':') is var colon and > 0 && !text[..colon].Contains('/')) text = text[..colon] + "/" + text[(colon + 1)..];
        var slash = text.IndexOf('/');
        var host = slash < 0 ? text : text[..slash];
        var path = slash < 0 ? "" : text[slash..];
        if (host.LastIndexOf('@') is var at and >= 0) host = host[(at + 1)..];
        if (host.IndexOf(':') is var port and >= 0) host = host[..port];
        path = path.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        return (host + path).ToLowerInvariant();
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
