using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.ElbV2.ElbXml;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>
/// CreateTargetGroup (TargetType instance). The local cloud has no load balancers: the target group is itself a TCP
/// listener on loopback, named by the tag <see cref="ListenTag"/> (`127.0.0.1:8080` or `8080`); without the tag a
/// free port is chosen and written into that tag. Creating the same group again answers the existing one, as AWS does.
/// </summary>
public static partial class CreateTargetGroup
{
    public const string ListenTag = "kiln:listen";

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();

    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = p.Get("Name") ?? throw Validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        if (!NamePattern().IsMatch(name))
            throw Validation($"Target group name '{name}' can have a maximum of 32 characters, alphanumeric and hyphens, and cannot begin or end with a hyphen");
        var protocol = p.Get("Protocol") ?? "TCP";
        if (protocol is not ("HTTP" or "HTTPS" or "TCP" or "TLS" or "UDP" or "TCP_UDP"))
            throw Validation($"Protocol '{protocol}' must be one of HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP");
        var port = p.Int("Port") ?? throw Validation("A port must be specified");
        if (port is < 1 or > 65535) throw Validation($"Port {port} must be between 1 and 65535");
        if ((p.Get("TargetType") ?? "instance") != "instance")
            throw Validation("The local cloud supports only TargetType instance");
        var tags = p.Structs("Tags.member").ToDictionary(t => t.Required("Key"), t => t.Get("Value") ?? "");
        var health = new HealthCheckSettings(
            p.Get("HealthCheckProtocol") ?? "TCP", p.Get("HealthCheckPort") ?? "traffic-port", p.Get("HealthCheckPath"),
            Range(p, "HealthCheckIntervalSeconds", 1, 1, 300), Range(p, "HealthCheckTimeoutSeconds", 1, 1, 120),
            Range(p, "HealthyThresholdCount", 2, 2, 10), Range(p, "UnhealthyThresholdCount", 2, 2, 10));
        if (health.Port != "traffic-port" && !int.TryParse(health.Port, out _))
            throw Validation($"HealthCheckPort '{health.Port}' must be traffic-port or a port number");

        var group = call.Cloud.State.Write(tx =>
        {
            if (tx.ByName<TargetGroupRecord>(name) is { } existing)
                return existing.Port == port && existing.Protocol == protocol && (!tags.TryGetValue(ListenTag, out var l) || Listen(l) == existing.Listen)
                    ? existing
                    : throw new Ec2Exception("DuplicateTargetGroupName", "A target group with the same name exists, but with different settings");
            var listen = tags.TryGetValue(ListenTag, out var wanted) ? Listen(wanted) : FreeLoopbackPort();
            if (tx.All<TargetGroupRecord>().FirstOrDefault(g => g.Listen == listen) is { } other)
                throw Validation($"Target group {other.Name} already listens on {listen}: give another {ListenTag}");
            var record = new TargetGroupRecord(
                $"arn:aws:elasticloadbalancing:{call.Region}:{LocalAccount.Id}:targetgroup/{name}/{ResourceIds.New("x")[2..18]}",
                name, protocol, port, p.Get("VpcId") ?? LocalAccount.VpcId, "instance", health, listen,
                DeregistrationDelaySeconds: 30, new Dictionary<string, string>(tags) { [ListenTag] = listen }, call.Cloud.Now);
            tx.Put(record);
            return record;
        });
        return Ec2Result.Of(E("TargetGroups", TargetGroup(group)));
    }

    /// <summary>`127.0.0.1:8080`, `[::1]:8080` or `8080` (on 127.0.0.1): only loopback, as everything here.</summary>
    public static string Listen(string value)
    {
        var text = value.Contains(':', StringComparison.Ordinal) ? value : "127.0.0.1:" + value;
        if (!IPEndPoint.TryParse(text, out var ep) || ep.Port == 0 || !IPAddress.IsLoopback(ep.Address))
            throw Validation($"Tag {ListenTag} '{value}' must be a loopback address and port, e.g. 127.0.0.1:8080");
        return ep.ToString();
    }

    private static string FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).ToString();
    }

    private static int Range(QueryParams p, string name, int fallback, int min, int max)
    {
        var v = p.Int(name) ?? fallback;
        return v >= min && v <= max ? v : throw Validation($"{name} {v} must be between {min} and {max}");
    }
}
