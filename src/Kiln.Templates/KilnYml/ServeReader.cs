using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's `serve:` section: how long web sessions live, and the TLS certificate `kiln serve` presents
/// (paths relative to the directory of kiln.yml). Flags given to `kiln serve` win over these.</summary>
public sealed record ServeConfig(TimeSpan? SessionIdle = null, TimeSpan? SessionLifetime = null, string? TlsCert = null, string? TlsKey = null);

public static class ServeReader
{
    public static ServeConfig Read(string directory)
    {
        var problems = new Problems();
        var dir = Path.GetFullPath(directory);
        var root = KilnYmlFile.Load(dir, problems, out _);
        problems.ThrowIfAny();
        if (root is null || new OptionReader(root, problems, KilnYmlFile.Name).Object("serve") is not { } map)
        {
            problems.ThrowIfAny();
            return new ServeConfig();
        }
        var o = new OptionReader(map, problems, "serve");
        var idle = o.Duration("session_idle");
        var lifetime = o.Duration("session_lifetime");
        foreach (var (name, value) in new[] { ("session_idle", idle), ("session_lifetime", lifetime) })
            if (value is { } v && v < TimeSpan.FromMinutes(1)) problems.At(o.Node(name)!, $"{name} must be at least 1m, got {v}");
        if (idle is { } i && lifetime is { } l && i > l) problems.At(o.Node("session_idle")!, "session_idle is longer than session_lifetime: it would never apply");
        string? FullPath(string name) => o.String(name) is { } p ? Path.GetFullPath(p, dir) : null;
        var (cert, key) = (FullPath("tls_cert"), FullPath("tls_key"));
        if ((cert is null) != (key is null)) problems.At(map, "give tls_cert and tls_key together");
        o.ReportUnknown();
        problems.ThrowIfAny();
        return new ServeConfig(idle, lifetime, cert, key);
    }
}
