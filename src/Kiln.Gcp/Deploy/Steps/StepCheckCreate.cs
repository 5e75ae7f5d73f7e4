using System.Net;
using System.Net.Sockets;
using Kiln.Core;
using Kiln.Core.Steps;
using Kiln.Deploy;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the request's create options. Produces: the image, capacity, green's name. Checks everything before
/// the first change and reports every problem at once: the group and load balancer names Google would refuse, the
/// project, zone and machine type, a group of the deploy that exists, a port a forwarding rule (or, on the local
/// cloud, another program) holds, the image.</summary>
public sealed class StepCheckCreate(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "check";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var o = r.Create!;
        var problems = new List<string>();
        if (GceDeployNames.GroupProblem(r.Group) is { } g) problems.Add(g);
        if (GceDeployNames.LoadBalancerProblem(o.TargetGroup) is { } lb) problems.Add(lb);
        if (o.Capacity < 1) problems.Add($"--capacity {o.Capacity} must be at least 1");
        // A passthrough load balancer delivers each packet to its backend on the rule's own port.
        if (o.TargetPort != o.ListenPort)
            problems.Add($"--port {o.TargetPort}: behind a passthrough load balancer the instances serve on the --lb port ({o.ListenPort}); leave --port out");
        var where = await c.Cloud.LaunchProblemsAsync(o.InstanceType, ct);
        problems.AddRange(where);
        if (where.Count == 0 && problems.Count == 0)
        {
            if ((await c.Fleet.MembersAsync(r.Group, ct)).FirstOrDefault() is { } existing)
                problems.Add($"deploy '{r.Group}' already has group {existing.Name}: deploy to it without --create");
            foreach (var rule in await c.Fleet.Api.ListForwardingRulesAsync(c.Fleet.Project, c.Fleet.Region, ct))
            {
                if (rule.Name == o.TargetGroup) problems.Add($"--lb {o.TargetGroup}: forwarding rule {rule.Name} exists already: choose another name");
                else if (PortsOf(rule.PortRange).Contains(o.ListenPort))
                    problems.Add($"--lb port {o.ListenPort} is in use by forwarding rule {rule.Name} ({rule.IpAddress}): choose another port");
            }
        }
        if (c.Cloud.Where.IsLocal && !PortFree(o.ListenPort))
            problems.Add($"--lb port {o.ListenPort} is in use on this machine (the local cloud listens on 127.0.0.1:{o.ListenPort}): choose another port");
        try { s.Image = await ImagePicker.PickAsync(c.Cloud, r.Family, r.Image, ct); }
        catch (KilnInputException e) { problems.AddRange(e.Problems); }
        if (problems.Count > 0) throw new KilnInputException(problems);
        s.Capacity = o.Capacity;
        s.GreenName = r.Group;
    }

    public Task CleanupAsync(GceDeployState s, CancellationToken ct) => Task.CompletedTask;

    /// <summary>`8080` or `8000-8100`.</summary>
    private static IEnumerable<int> PortsOf(string? range)
    {
        var parts = (range ?? "").Split('-');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out var from)) return [];
        var to = parts.Length == 2 && int.TryParse(parts[1], out var t) ? t : from;
        return Enumerable.Range(from, Math.Max(0, to - from + 1));
    }

    private static bool PortFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }
}
