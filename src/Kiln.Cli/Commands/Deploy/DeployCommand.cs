using System.ComponentModel;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Deploy;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Deploy;

/// <summary>`kiln deploy ACCOUNT ENV CATEGORY --group NAME [--image ID] [--strategy blue-green|rolling]`, and the first
/// group with `--create --target-group NAME:PORT --capacity N`.</summary>
public sealed class DeployCommand : AsyncCommand<DeployCommand.Settings>
{
    public sealed class Settings : DeploySettings
    {
        [CommandOption("--image <ID>")] [Description("image to roll out (default: the family's newest available)")]
        public string? Image { get; init; }
        [CommandOption("--strategy <STRATEGY>")] [Description("blue-green (default) or rolling")]
        public string Strategy { get; init; } = "blue-green";
        [CommandOption("--min-healthy <PERCENT>")] [Description("rolling: share of the capacity kept healthy (default 50)")]
        public int MinHealthy { get; init; } = 50;
        [CommandOption("--create")] [Description("create the deploy's first group (with --target-group and --capacity)")]
        public bool Create { get; init; }
        [CommandOption("--target-group <NAME:PORT>")] [Description("--create: target group name and the loopback port it listens on (local cloud)")]
        public string? TargetGroup { get; init; }
        [CommandOption("--capacity <N>")] [Description("--create: number of instances (default 2)")]
        public int Capacity { get; init; } = 2;
        [CommandOption("--port <PORT>")] [Description("--create: the port the instances serve on (default 8000)")]
        public int Port { get; init; } = 8000;
        [CommandOption("--user-data <FILE>")] [Description("--create: user data script (default: a web server answering with the image id)")]
        public string? UserData { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var problems = s.Problems();
        var strategy = s.Strategy.ToLowerInvariant() switch
        {
            "blue-green" or "bluegreen" => DeployStrategy.BlueGreen,
            "rolling" => DeployStrategy.Rolling,
            _ => (DeployStrategy?)null,
        };
        if (strategy is null) problems.Add($"--strategy '{s.Strategy}' is not known: use blue-green or rolling");
        if (s.MinHealthy is < 0 or > 100) problems.Add($"--min-healthy {s.MinHealthy} must be between 0 and 100");
        if (s.Image is { } img && !img.StartsWith("ami-", StringComparison.Ordinal)) problems.Add($"--image '{img}' is not an image id (ami-…)");
        var create = s.Create ? CreateOptions(s, problems) : null;
        if (!s.Create && (s.TargetGroup is not null || s.UserData is not null))
            problems.Add("--target-group and --user-data only go with --create");
        if (problems.Count > 0) throw new KilnInputException(problems);

        using var cancel = new Cancellation(cancellationToken);
        var result = await DeployRunner.RunAsync(s, s.Create ? DeployKind.Create : DeployKind.Deploy, strategy!.Value,
            r => r with { Image = s.Image is null ? null : new ImageId(s.Image), MinHealthyPercentage = s.MinHealthy, Create = create },
            string.Join(' ', context.Arguments), cancel.Token);
        DeployOutput.Print(result, s.Json);
        return result.Succeeded ? ExitCodes.Ok : result.Outcome == Core.Runs.RunOutcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Failed;
    }

    private static CreateOptions? CreateOptions(Settings s, List<string> problems)
    {
        var parts = s.TargetGroup?.Split(':') ?? [];
        if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out var port) || port is < 1 or > 65535)
        {
            problems.Add("--create needs --target-group NAME:PORT (the target group's name and the loopback port it listens on)");
            return null;
        }
        if (s.Capacity is < 1 or > 10) problems.Add($"--capacity {s.Capacity} must be between 1 and 10");
        if (s.Port is < 1 or > 65535 or 22) problems.Add($"--port {s.Port} must be a port other than 22");
        string? userData = null;
        if (s.UserData is { } file)
        {
            if (!File.Exists(file)) problems.Add($"--user-data {file}: no such file");
            else userData = File.ReadAllText(file);
        }
        return new CreateOptions(parts[0], port, s.Capacity, s.Port, userData);
    }
}
