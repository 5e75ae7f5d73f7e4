using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kiln.Server.Http;

/// <summary>A PEM certificate and its private key (`--tls-cert`, `--tls-key`).</summary>
public sealed record TlsFiles(string Certificate, string Key);

/// <summary>Plain HTTP carries passwords, cookies and bearer tokens in clear, so `kiln serve` speaks it only on
/// loopback. Beyond loopback it needs its own TLS or a TLS-terminating proxy in front, said explicitly.</summary>
public static class ListenPolicy
{
    public static IReadOnlyList<string> Check(ServerOptions options)
    {
        var problems = new List<string>();
        if (options.Tls is { } tls)
        {
            foreach (var (flag, path) in new[] { ("--tls-cert", tls.Certificate), ("--tls-key", tls.Key) })
                if (!File.Exists(path)) problems.Add($"{flag} '{path}': no such file");
            if (problems.Count == 0 && LoadProblem(tls) is { } p) problems.Add(p);
        }
        if (!IsLoopback(options.Listen) && !options.SecureCookies)
            problems.Add($"--listen {options.Listen} is not a loopback address, and plain HTTP would carry passwords, cookies and tokens in clear: " +
                         "give --tls-cert FILE --tls-key FILE (PEM), or --behind-tls-proxy when a TLS-terminating proxy on this machine forwards to Kiln, " +
                         "or listen on 127.0.0.1");
        return problems;
    }

    public static bool IsLoopback(string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = (colon > 0 ? listen[..colon] : listen).Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public static X509Certificate2 Load(TlsFiles tls) => X509Certificate2.CreateFromPemFile(tls.Certificate, tls.Key);

    private static string? LoadProblem(TlsFiles tls)
    {
        try { using var _ = Load(tls); return null; }
        catch (CryptographicException e) { return $"--tls-cert/--tls-key: not a PEM certificate and its private key ({e.Message})"; }
    }
}
