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
        var (listed, current) = await FindAsync(s.Spec(), family, ct);
        var images = family.Generations(listed, i => i.Name, i => i.Created);
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(images.Select(i => new
            {
                id = i.Id.Value, name = i.Name, state = i.State.ToString().ToLowerInvariant(), created = i.Created,
                source = i.Tags.GetValueOrDefault(KilnTags.SourceImage), run = i.Tags.GetValueOrDefault(KilnTags.RunId),
                deprecation = i.Deprecation.ToString().ToUpperInvariant(), family_points_here = current == i.Id,
                copies = Core.Cloud.RegionalImage.OfTags(i.Tags).Select(c => new { region = c.Region, id = c.Image.Value }),
            })));
            return ExitCodes.Ok;
        }
        if (images.Count == 0) { Console.Error.WriteLine($"kiln: family '{family.Name}' has no images"); return ExitCodes.Ok; }
        // One buffered writer: Console.Out flushes every line, 10,000 writes for a large family.
        await using var w = new StreamWriter(Console.OpenStandardOutput(), Console.OutputEncoding, 1 << 16) { AutoFlush = false };
        foreach (var i in images)
        {
            // Compute Engine: the deprecation state, and `<- family` beside the image images.getFromFamily answers.
            var gce = s.Spec().IsGce ? $"  {i.Deprecation.ToString().ToUpperInvariant(),-10}{(current == i.Id ? " <- family" : "")}" : "";
            // EC2: the generation's copies in other regions (ami_regions, kiln.yml regions:).
            var copies = string.Concat(Core.Cloud.RegionalImage.OfTags(i.Tags).Select(c => $"  {c.Region}:{c.Image.Value}"));
            w.WriteLine($"{i.Id.Value,-23} {i.Name,-44} {i.State.ToString().ToLowerInvariant(),-10} {i.Created:yyyy-MM-dd HH:mm}  {i.Tags.GetValueOrDefault(KilnTags.RunId)}{gce}{copies}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>On the local cloud, straight from its state (a listing changes nothing); on AWS, DescribeImages; on
    /// Compute Engine, images.list and images.getFromFamily (which generation the family points at).</summary>
    private static async Task<(IReadOnlyList<Core.Cloud.CloudImage>, ImageId?)> FindAsync(Core.Baking.CloudSpec spec, Family family, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        if (spec.Kind == Core.Baking.CloudKind.Local) return (Kiln.LocalCloud.LocalImageCatalog.FindImages(paths, family.NameFilter), null);
        await using var cloud = await CloudConnector.ConnectAsync(spec, paths, ct);
        var listing = cloud.Cloud.FindImagesAsync(family.NameFilter, ct);
        var current = cloud.Cloud is Core.Cloud.IDiskImages gce ? gce.GetFromFamilyAsync(family.Name, null, ct) : Task.FromResult<Core.Cloud.CloudImage?>(null);
        await Task.WhenAll(listing, current);
        return (listing.Result, current.Result?.Id);
    }
}
