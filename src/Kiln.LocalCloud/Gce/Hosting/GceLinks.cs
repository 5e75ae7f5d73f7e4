namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>
/// Resource references as clients give them: full URLs (Google's or this endpoint's, any API version), paths from
/// `projects/`, or paths relative to the project (`global/images/x`, `zones/z/disks/d`) or to the zone
/// (`machineTypes/e2-small`). All become the path from `projects/`.
/// </summary>
public static class GceLinks
{
    public static string Path(string reference, string project, string? zone = null)
    {
        var r = reference.Trim();
        foreach (var marker in new[] { "/compute/v1/", "/compute/beta/", "/compute/alpha/" })
            if (r.IndexOf(marker, StringComparison.Ordinal) is var i and >= 0) { r = r[(i + marker.Length)..]; break; }
        r = r.TrimStart('/');
        if (r.StartsWith("projects/", StringComparison.Ordinal)) return r;
        if (r.StartsWith("global/", StringComparison.Ordinal) || r.StartsWith("zones/", StringComparison.Ordinal)
            || r.StartsWith("regions/", StringComparison.Ordinal))
            return $"projects/{project}/{r}";
        return zone is null ? $"projects/{project}/global/{r}" : $"projects/{project}/zones/{zone}/{r}";
    }

    /// <summary>The last segment of a path (a resource's name).</summary>
    public static string Last(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>`projects/{p}/…` → p.</summary>
    public static string ProjectOf(string path) => path.Split('/') is [_, var p, ..] ? p : "";

    /// <summary>`…/zones/{z}/…` → z, or null.</summary>
    public static string? ZoneOf(string path)
    {
        var parts = path.Split('/');
        var i = System.Array.IndexOf(parts, "zones");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }
}
