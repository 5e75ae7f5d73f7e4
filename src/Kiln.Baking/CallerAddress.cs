using System.Net;
using Kiln.Core.Baking;

namespace Kiln.Baking;

/// <summary>The one CIDR the temporary security group opens SSH to: the caller's own address. Packer's default
/// opened 0.0.0.0/0 (the article's complaint).</summary>
public static class CallerAddress
{
    /// <summary>On the local cloud every client connects from loopback; on AWS and GCP the address the internet sees us as.</summary>
    public static async Task<string> CidrAsync(BakeSpec spec, Uri service, CancellationToken ct)
    {
        if (spec.SshSourceCidrs.Count > 0) return spec.SshSourceCidrs[0];
        if (spec.Cloud.Kind is CloudKind.Local or CloudKind.LocalGcp) return "127.0.0.1/32";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = (await http.GetStringAsync(service, ct)).Trim();
        if (!IPAddress.TryParse(text, out var ip))
            throw new InvalidOperationException($"{service} answered '{text}', not an IP address; give ssh source CIDRs instead");
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"{ip}/128" : $"{ip}/32";
    }
}
