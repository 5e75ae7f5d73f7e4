using System.Globalization;
using Kiln.Deploy;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>A deploy job's arguments (kiln.yml's `deploy:` / `rollback:` keys, after `${option.NAME}`) as the engine's
/// request, with `kiln deploy`'s defaults and the checks that depend on the server's cloud (canary is Compute
/// Engine's; `create:` names a target group on EC2, a forwarding rule on Compute Engine).</summary>
public sealed record DeployJobRequest(DeployKind Kind, DeployStrategy Strategy, int TimeoutSeconds,
    Func<DeployRequest, DeployRequest> Complete, IReadOnlyList<string> Problems)
{
    public static DeployJobRequest From(IReadOnlyDictionary<string, string> a, bool gce)
    {
        var problems = new List<string>();
        int? Number(string key, int min, int max)
        {
            if (a.GetValueOrDefault(key) is not { Length: > 0 } text) return null;
            if (int.TryParse(text.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            problems.Add($"{key} '{Core.Naming.NameRules.Printable(text)}' must be a whole number from {min} to {max}");
            return null;
        }
        var kind = a.GetValueOrDefault("action") switch { "rollback" => DeployKind.Rollback, "create" => DeployKind.Create, _ => DeployKind.Deploy };
        var canary = Number("canary", 1, 99);
        var promote = a.GetValueOrDefault("promote") == "true";
        var name = a.GetValueOrDefault("strategy") ?? (canary is not null ? "canary" : gce ? "rolling" : "blue-green");
        var strategy = kind == DeployKind.Rollback ? DeployStrategy.BlueGreen : name switch
        {
            "blue-green" => DeployStrategy.BlueGreen,
            "canary" => DeployStrategy.Canary,
            _ => DeployStrategy.Rolling,
        };
        if (!gce && (strategy == DeployStrategy.Canary || promote))
            problems.Add("canary and promote run on Compute Engine (cloud gcp or local-gcp): two versions in one managed instance group");
        var minHealthy = Number("min_healthy", 0, 100) ?? 50;
        var timeout = Number("timeout", 1, 86_400) ?? 600;
        CreateOptions? create = null;
        if (kind == DeployKind.Create)
        {
            var lb = a["lb"].Split(':');
            var listen = int.Parse(lb[1], CultureInfo.InvariantCulture);
            var port = Number("port", 1, 65535);
            if (gce && port is { } p && p != listen)
                problems.Add($"port {p}: behind a passthrough load balancer the instances serve on the lb port ({listen}); leave port out");
            if (gce && Gcp.Deploy.GceDeployNames.LoadBalancerProblem(lb[0]) is { } bad) problems.Add(bad);
            create = new CreateOptions(lb[0], listen, Number("capacity", 1, 10) ?? 2, gce ? listen : port ?? 8000, null,
                a.GetValueOrDefault("machine_type") ?? (gce ? "e2-small" : "t2.micro"));
        }
        if (gce && Gcp.Deploy.GceDeployNames.GroupProblem(a["group"]) is { } g) problems.Add(g);
        return new DeployJobRequest(kind, strategy, timeout,
            r => r with { MinHealthyPercentage = minHealthy, Create = create, CanaryPercent = canary ?? 0, Promote = promote }, problems);
    }
}
