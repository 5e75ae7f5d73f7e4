using System.ComponentModel;
using Kiln.Baking.Retention;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Naming;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Bake;

/// <summary>`kiln prune FAMILY --keep N [--dry-run]`: never removes an image an instance, a launch template version or
/// an Auto Scaling group uses.</summary>
public sealed class PruneCommand : AsyncCommand<PruneCommand.Settings>
{
    public sealed class Settings : CloudSettings
    {
        [CommandArgument(0, "<FAMILY>")] public string Family { get; init; } = "";
        [CommandOption("--keep <N>")] [Description("generations to keep (at least 1)")] public int Keep { get; init; } = 3;
        [CommandOption("--dry-run")] [Description("show the plan, change nothing")] public bool DryRun { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var problems = new List<string>();
        if (s.Keep < 1) problems.Add($"--keep {s.Keep}: keep at least 1 generation");
        if (NameRules.FamilyProblem(s.Family) is { } p) problems.Add(p);
        if (problems.Count > 0) throw new KilnInputException(problems);
        await using var cloud = await CloudConnector.ConnectAsync(s.Spec(), KilnPaths.FromEnvironment(), ct);
        var result = await new Pruner(cloud.Cloud).PruneAsync(new Family(s.Family), s.Keep, s.DryRun, ct, Console.WriteLine);
        Console.WriteLine($"{(s.DryRun ? "would prune" : "pruned")} {result.Pruned.Count}, kept {result.Kept.Count}");
        return ExitCodes.Ok;
    }
}
