using System.ComponentModel;
using System.Text.Json;
using Kiln.Cli.Commands.Runs;
using Kiln.Core;
using Kiln.Core.Inventory;
using Kiln.Core.Naming;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Diff;

/// <summary>`kiln diff FAMILY | IMAGE_A IMAGE_B [--json]`: what changed between two images, from the inventories their
/// bakes recorded in the history: packages, files, and which inputs differ.</summary>
public sealed class DiffCommand : AsyncCommand<DiffCommand.Settings>
{
    public sealed class Settings : HistorySettings
    {
        [CommandArgument(0, "<FAMILY|IMAGE_A>")]
        [Description("a family (its newest image against the one before it), or the older image (name or id)")]
        public string First { get; init; } = "";
        [CommandArgument(1, "[IMAGE_B]")] [Description("the newer image (name or id)")]
        public string? Second { get; init; }
        [CommandOption("--json")] [Description("print JSON: from, to, packages, files, inputs")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (s.Second is null && NameRules.FamilyProblem(s.First) is { } problem) throw new KilnInputException(problem);
        await using var history = await s.OpenHistoryAsync(ct);
        var diff = s.Second is null
            ? await InventoryDiffQuery.RunAsync(history, s.First, null, null, ct)
            : await InventoryDiffQuery.RunAsync(history, null, s.First, s.Second, ct);
        if (s.Json) Console.WriteLine(JsonSerializer.Serialize(diff, DiffText.Json));
        else DiffText.Write(Console.Out, diff);
        return ExitCodes.Ok;
    }
}
