using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Gce.ForwardingRules;

/// <summary>A ForwardingRule body's ports and address, checked before anything is held.</summary>
public static class ForwardingRuleRequests
{
    /// <summary>`portRange` (`80` or `80-82`) or `ports` (contiguous here), as `FROM-TO`; at most 16 ports.</summary>
    public static string PortRange(JsonObject body)
    {
        var ports = GceJson.StringList(body, "ports");
        var text = GceJson.String(body, "portRange") ?? (ports.Count > 0 ? null : throw GceErrors.Required("resource.portRange"));
        int from, to;
        if (text is not null)
        {
            var parts = text.Split('-');
            if (parts.Length > 2 || !int.TryParse(parts[0], out from) || !int.TryParse(parts[^1], out to))
                throw GceErrors.InvalidField("resource.portRange", text, "It must be a port (80) or a range (80-82).");
        }
        else
        {
            var numbers = ports.Select(p => int.TryParse(p, out var n) ? n : throw GceErrors.InvalidField("resource.ports", p, "Ports are numbers.")).Order().ToList();
            (from, to) = (numbers[0], numbers[^1]);
            if (to - from + 1 != numbers.Count) throw GceErrors.Invalid("The local cloud forwards a contiguous range of ports: give resource.portRange.");
        }
        if (from is < 1 or > 65535 || to < from || to > 65535 || to - from >= 16)
            throw GceErrors.InvalidField("resource.portRange", $"{from}-{to}", "Ports are 1 to 65535, at most 16 of them here.");
        return $"{from}-{to}";
    }

    /// <summary>An address given must be a loopback one (everything here is on loopback).</summary>
    public static string? Address(JsonObject body)
    {
        var ip = GceJson.String(body, "IPAddress");
        if (ip is null) return null;
        return IPAddress.TryParse(ip, out var a) && IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork ? ip
            : throw GceErrors.InvalidField("resource.IPAddress", ip, "The local cloud's forwarding rules listen on an IPv4 loopback address (127.0.0.0/8); leave it out to get one.");
    }

    /// <summary>Whether every port of the range can be listened on at the address now (another program may hold one).</summary>
    public static void RequireFree(string address, string range)
    {
        if (BusyPort(address, range) is { } port)
            throw GceErrors.Invalid($"The port {port} of {address} is in use on this machine: give another IPAddress or portRange.");
    }

    /// <summary>The first port of the range that cannot be listened on at the address, or null.</summary>
    public static int? BusyPort(string address, string range)
    {
        var parts = range.Split('-');
        for (var port = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture); port <= int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture); port++)
        {
            var probe = new TcpListener(IPAddress.Parse(address), port);
            try { probe.Start(); }
            catch (SocketException) { return port; }
            finally { probe.Stop(); }
        }
        return null;
    }
}
