using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;

namespace Kiln.Server.Families;

public sealed record Generation(string Image, string Name, DateTimeOffset Created, string? Run, string? SourceImage, IReadOnlyList<string> Groups)
{
    /// <summary>Compute Engine's deprecation state (ACTIVE, DEPRECATED, OBSOLETE, DELETED); null on EC2, which has none.</summary>
    public string? Deprecation { get; init; }
    /// <summary>The image a deprecated generation names as its replacement.</summary>
    public string? ReplacedBy { get; init; }
    /// <summary>Compute Engine: this is the image `images.getFromFamily` answers (the newest one not deprecated).</summary>
    public bool FamilyPointsHere { get; init; }
    /// <summary>Its `kiln:tests` tag: passed, failed (kept by --keep-failed), or null when it was not tested.</summary>
    public string? Tests { get; init; }
}

/// <param name="Groups">Each group deployed from this family and the image it runs (null: unknown).</param>
public sealed record FamilyView(string Family, IReadOnlyList<Generation> Generations, IReadOnlyDictionary<string, string?> Groups,
    IReadOnlyList<string> Jobs, string? Note);

/// <summary>Which image each deploy group runs now (Auto Scaling or managed instance group); null: unknown.</summary>
public interface IGroupImages
{
    Task<IReadOnlyDictionary<string, ImageId?>> CurrentAsync(IReadOnlyList<string> groups, CancellationToken ct);
}

/// <summary>The families page: each family's generations as the cloud lists them (newest first), the run that made
/// each (its `kiln:run-id` tag), which generation each group of its deploy jobs runs, and on Compute Engine each
/// generation's deprecation state and the one the family points at.</summary>
public sealed class FamilyService(IJobCatalog catalog, IRunStore runs, ICloud? cloud, IGroupImages? groups)
{
    public async Task<IReadOnlyList<FamilyView>> ListAsync(CancellationToken ct)
    {
        var names = catalog.Jobs.Where(j => j.Family is not null).Select(j => j.Family!)
            .Concat((await runs.ListRunsAsync(new RunQuery(Limit: 200), ct)).Where(r => r.Family is not null).Select(r => r.Family!))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var views = new List<FamilyView>();
        foreach (var name in names) views.Add(await GetAsync(name, ct));
        return views;
    }

    public async Task<FamilyView> GetAsync(string name, CancellationToken ct)
    {
        var jobs = catalog.Jobs.Where(j => j.Family == name).ToList();
        var groupNames = jobs.Where(j => j.Kind == JobKind.Deploy && j.Group is not null).Select(j => j.Group!).Distinct().ToList();
        var current = groupNames.Count > 0 && groups is not null ? await groups.CurrentAsync(groupNames, ct) : new Dictionary<string, ImageId?>();
        var groupView = groupNames.ToDictionary(g => g, g => current.TryGetValue(g, out var id) ? id?.Value : null);
        if (cloud is null) return new FamilyView(name, [], groupView, jobs.Select(j => j.Name).ToList(), "no cloud configured: generations unknown");
        var family = new Family(name);
        var listing = cloud.FindImagesAsync(family.NameFilter, ct);
        // Compute Engine's own answer to "which image is the family": after a rollback it is not the newest.
        var pointed = cloud is IDiskImages gce ? gce.GetFromFamilyAsync(name, null, ct) : Task.FromResult<CloudImage?>(null);
        await Task.WhenAll(listing, pointed);
        var images = family.Generations(listing.Result, i => i.Name, i => i.Created);
        var generations = images.Select(i => new Generation(i.Id.Value, i.Name, i.Created,
            i.Tags.GetValueOrDefault(KilnTags.RunId), i.Tags.GetValueOrDefault(KilnTags.SourceImage),
            groupView.Where(g => g.Value == i.Id.Value).Select(g => g.Key).ToList())
        {
            Deprecation = cloud is IDiskImages ? i.Deprecation.ToString().ToUpperInvariant() : null,
            ReplacedBy = i.ReplacedBy,
            FamilyPointsHere = pointed.Result?.Id == i.Id,
            Tests = i.Tags.GetValueOrDefault(KilnTags.Tests),
        }).ToList();
        var note = groupNames.Count > 0 && current.Values.All(v => v is null) ? "which image each group runs is unknown: see the groups page" : null;
        return new FamilyView(name, generations, groupView, jobs.Select(j => j.Name).ToList(), note);
    }

    /// <summary>The image a run started from and the run that made that image, when the cloud still knows them.</summary>
    public async Task<(string? SourceImage, string? SourceRun)> LineageAsync(RunSummary run, CancellationToken ct)
    {
        if (cloud is null || run.Image is null) return (null, null);
        var image = await cloud.GetImageAsync(new ImageId(JobOutcome.IdOf(run.Image)!), ct);
        if (image?.Tags.GetValueOrDefault(KilnTags.SourceImage) is not { } source) return (null, null);
        var sourceImage = await cloud.GetImageAsync(new ImageId(source), ct);
        return (source, sourceImage?.Tags.GetValueOrDefault(KilnTags.RunId));
    }
}
