using System.ComponentModel;
using System.Text.Json;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Naming;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Bake;

/// <summary>`kiln images FAMILY`: the family's generations, newest first (exact family members only).</summary>
public sealed class ImagesCommand : AsyncCommand<ImagesCommand.Settings>
{
    public sealed class Settings : CloudSettings
    {
        [CommandArgument(0, "<FAMILY>")] [Description("the family, e.g. hoge-dev-api-base")]
        public string Family { get; init; } = "";
        [CommandOption("--json")] public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (NameRules.FamilyProblem(s.Family) is { } problem) throw new KilnInputException(problem);
        var family = new Family(s.Family);
        await using var cloud = await CloudConnector.ConnectAsync(s.Spec(), KilnPaths.FromEnvironment(), ct, readOnly: true);
        var images = family.Generations(await cloud.Cloud.FindImagesAsync(family.NameFilter, ct), i => i.Name, i => i.Created);
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(images.Select(i => new
            {
                id = i.Id.Value, name = i.Name, state = i.State.ToString().ToLowerInvariant(), created = i.Created,
                source = i.Tags.GetValueOrDefault(KilnTags.SourceImage), run = i.Tags.GetValueOrDefault(KilnTags.RunId),
            })));
            return ExitCodes.Ok;
        }
        if (images.Count == 0) { Console.Error.WriteLine($"kiln: family '{family.Name}' has no images"); return ExitCodes.Ok; }
        var w = Console.Out;
        foreach (var i in images)
            w.WriteLine($"{i.Id.Value,-23} {i.Name,-44} {i.State.ToString().ToLowerInvariant(),-10} {i.Created:yyyy-MM-dd HH:mm}  {i.Tags.GetValueOrDefault(KilnTags.RunId)}");
        return ExitCodes.Ok;
    }
}
