using System.ComponentModel;
using System.Globalization;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Deploy;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Deploy;

/// <summary>`kiln deploy ACCOUNT ENV CATEGORY --group NAME [--image ID] [--strategy blue-green|rolling|canary]`, and the
/// first group with `--create --target-group NAME:PORT` (EC2) or `--create --lb NAME:PORT` (Compute Engine).</summary>
public sealed class DeployCommand : AsyncCommand<DeployCommand.Settings>
{
    public sealed class Settings : DeploySettings
    {
        [CommandOption("--image <ID>")] [Description("image to roll out (default: the family's newest available)")]
        public string? Image { get; init; }
        [CommandOption("--strategy <STRATEGY>")] [Description("blue-green (default on EC2), rolling (default on Compute Engine) or canary (Compute Engine)")]
        public string? Strategy { get; init; }
        [CommandOption("--canary <PERCENT>")] [Description("Compute Engine: roll the image out to this share of the group only (1-99%); --promote finishes it")]
        public string? Canary { get; init; }
        [CommandOption("--promote")] [Description("Compute Engine: finish the canary under way (every instance on its image)")]
        public bool Promote { get; init; }
        [CommandOption("--min-healthy <PERCENT>")] [Description("rolling: share of the capacity kept healthy (default 50)")]
        public int MinHealthy { get; init; } = 50;
        [CommandOption("--timeout <SECONDS>")] [Description("how long new instances get to turn healthy before the deploy is withdrawn (default 600)")]
        public int Timeout { get; init; } = 600;
        [CommandOption("--create")] [Description("create the deploy's first group (with --target-group or --lb, and --capacity)")]
        public bool Create { get; init; }
        [CommandOption("--target-group <NAME:PORT>")] [Description("--create on EC2: target group name and the loopback port it listens on (local cloud)")]
        public string? TargetGroup { get; init; }
        [CommandOption("--lb <NAME:PORT>")] [Description("--create on Compute Engine: the health check, backend service and forwarding rule's name, and the rule's port")]
        public string? Lb { get; init; }
        [CommandOption("--capacity <N>")] [Description("--create: number of instances (default 2)")]
        public int Capacity { get; init; } = 2;
        [CommandOption("--port <PORT>")] [Description("--create on EC2: the port the instances serve on (default 8000; on Compute Engine the --lb port)")]
        public int? Port { get; init; }
        [CommandOption("--user-data <FILE>")] [Description("--create: user data / startup script (default: a web server answering with the image)")]
        public string? UserData { get; init; }
        [CommandOption("--startup-script <FILE>")] [Description("--create on Compute Engine: the instances' startup-script (as --user-data)")]
        public string? StartupScript { get; init; }
        [CommandOption("--machine-type <TYPE>")] [Description("--create on Compute Engine: machine type (default e2-small)")]
        public string MachineType { get; init; } = "e2-small";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var problems = s.Problems();
        var gce = s.IsGce;
        var strategy = Strategy(s, gce, problems);
        if (s.MinHealthy is < 0 or > 100) problems.Add($"--min-healthy {s.MinHealthy} must be between 0 and 100");
        if (s.Timeout < 1) problems.Add($"--timeout {s.Timeout} must be at least 1 second");
        if (s.Image is { } img && !gce && !img.StartsWith("ami-", StringComparison.Ordinal)) problems.Add($"--image '{img}' is not an image id (ami-…)");
        var canary = Canary(s, gce, problems);
        var create = s.Create ? CreateOptions(s, gce, problems) : null;
        if (!s.Create && (s.TargetGroup ?? s.Lb ?? s.UserData ?? s.StartupScript) is not null)
            problems.Add("--target-group, --lb, --user-data and --startup-script only go with --create");
        if (s.Promote && (s.Create || s.Image is not null || canary is not null))
            problems.Add("--promote finishes the canary under way: give it without --create, --image or --canary");
        if (problems.Count > 0) throw new KilnInputException(problems);

        using var cancel = new Cancellation(cancellationToken);
        var timings = new DeployTimings { Healthy = TimeSpan.FromSeconds(s.Timeout) };
        var result = await DeployRunner.RunAsync(s, s.Create ? DeployKind.Create : DeployKind.Deploy, strategy!.Value,
            r => r with
            {
                Image = s.Image is null ? null : new ImageId(s.Image), MinHealthyPercentage = s.MinHealthy, Create = create,
                CanaryPercent = canary ?? 0, Promote = s.Promote,
            },
            string.Join(' ', context.Arguments), cancel.Token, timings);
        DeployOutput.Print(result, s.Json);
        return result.Succeeded ? ExitCodes.Ok : result.Outcome == Core.Runs.RunOutcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Failed;
    }

    private static DeployStrategy? Strategy(Settings s, bool gce, List<string> problems)
    {
        var name = (s.Strategy ?? (s.Canary is not null ? "canary" : gce ? "rolling" : "blue-green")).ToLowerInvariant();
        DeployStrategy? strategy = name switch
        {
            "blue-green" or "bluegreen" => DeployStrategy.BlueGreen,
            "rolling" => DeployStrategy.Rolling,
            "canary" when gce => DeployStrategy.Canary,
            _ => null,
        };
        if (strategy is null)
            problems.Add(gce ? $"--strategy '{s.Strategy}' is not known: use rolling, blue-green or canary"
                : $"--strategy '{s.Strategy}' is not known on EC2: use blue-green or rolling (canary is Compute Engine's)");
        return strategy;
    }

    /// <summary>`20%` or `20`: the canary's share of the group, 1–99 % (0 and 100 are no canary).</summary>
    private static int? Canary(Settings s, bool gce, List<string> problems)
    {
        var isCanary = s.Canary is not null || string.Equals(s.Strategy, "canary", StringComparison.OrdinalIgnoreCase);
        if (!isCanary) return null;
        if (!gce) { problems.Add("--canary runs on Compute Engine (--cloud gcp or local-gcp): two versions in one managed instance group"); return null; }
        if (s.Canary is null) { problems.Add("--strategy canary needs --canary N% (the share of the group on the new image, 1-99%)"); return null; }
        if (!int.TryParse(s.Canary.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent is < 1 or > 99)
        {
            problems.Add($"--canary '{s.Canary}' must be a share between 1% and 99% (e.g. --canary 20%)");
            return null;
        }
        return percent;
    }

    private static CreateOptions? CreateOptions(Settings s, bool gce, List<string> problems)
    {
        var given = gce ? s.Lb : s.TargetGroup;
        if ((gce ? s.TargetGroup : s.Lb) is not null)
            problems.Add(gce ? "--target-group is EC2's: on Compute Engine give --lb NAME:PORT" : "--lb is Compute Engine's: on EC2 give --target-group NAME:PORT");
        var parts = given?.Split(':') ?? [];
        if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out var port) || port is < 1 or > 65535)
        {
            problems.Add(gce ? "--create needs --lb NAME:PORT (the load balancer's name and the port its forwarding rule listens on)"
                : "--create needs --target-group NAME:PORT (the target group's name and the loopback port it listens on)");
            return null;
        }
        if (s.Capacity is < 1 or > 10) problems.Add($"--capacity {s.Capacity} must be between 1 and 10");
        if (gce && s.Port is { } p && p != port)
            problems.Add($"--port {p}: behind a passthrough load balancer the instances serve on the --lb port ({port}); leave --port out");
        var targetPort = gce ? port : s.Port ?? 8000;
        if (targetPort is < 1 or > 65535 or 22) problems.Add($"--port {targetPort} must be a port other than 22");
        if (gce && Gcp.Deploy.GceDeployNames.LoadBalancerProblem(parts[0]) is { } bad) problems.Add(bad);
        string? userData = null;
        if ((s.StartupScript ?? s.UserData) is { } file)
        {
            if (s.StartupScript is not null && s.UserData is not null) problems.Add("give --startup-script or --user-data, not both");
            if (!File.Exists(file)) problems.Add($"{(s.StartupScript is null ? "--user-data" : "--startup-script")} {file}: no such file");
            else userData = File.ReadAllText(file);
        }
        return new CreateOptions(parts[0], port, s.Capacity, targetPort, userData, gce ? s.MachineType : "t2.micro");
    }
}
