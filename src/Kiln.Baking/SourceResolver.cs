using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Baking;

/// <summary>Finds the image a <see cref="SourceSelector"/> names. A problem (nothing found, not available) comes
/// back as a message that says what to do, for the input check to report with the others.</summary>
public static class SourceResolver
{
    public sealed record Resolution(CloudImage? Image, string? Problem, string How);

    public static async Task<Resolution> ResolveAsync(ICloud cloud, SourceSelector selector, CancellationToken ct)
    {
        switch (selector)
        {
            case SourceSelector.Exact(var id):
                var image = await cloud.GetImageAsync(id, ct);
                return image is null ? new(null, $"source image {id} does not exist on {cloud.Describe}: give an existing image id", "exact")
                    : image.State != ImageState.Available ? new(null, $"source image {id} ({image.Name}) is {image.State}, not available", "exact")
                    : new(image, null, "exact");
            // Compute Engine's own rule for a family: its newest image that is not deprecated, so a rollback (the
            // newest deprecated) makes the next bake start from the one before.
            case SourceSelector.NewestOfFamily(var family, var fallback) when cloud is IDiskImages gce:
                if (await gce.GetFromFamilyAsync(family.Name, null, ct) is { } current) return new(current, null, $"images.getFromFamily {family.Name}");
                var instead = await ResolveAsync(cloud, fallback ?? new SourceSelector.BaseImage(), ct);
                return instead with { How = $"{family.Name} is empty; {instead.How}" };
            case SourceSelector.BaseImage when cloud is IDiskImages gce:
                return await gce.BaseImageAsync(ct) is { } baseImage ? new(baseImage, null, $"base image (family {baseImage.NativeFamily} of {baseImage.Owner})")
                    : new(null, $"no base image on {cloud.Describe}: give --source IMAGE", "base image");
            // kiln.yml's base_image and --source by name: on Compute Engine an image's name is its id in the project.
            case SourceSelector.Filter(var byName, _, _) when cloud is IDiskImages && byName.Count == 1 && byName.TryGetValue("name", out var imageName):
                var named = await cloud.GetImageAsync(new Core.ImageId(imageName), ct);
                return named is null ? new(null, $"image '{imageName}' does not exist in {cloud.Describe}: check base_image in kiln.yml or --source", "image")
                    : named.State != ImageState.Available ? new(null, $"image '{imageName}' is {named.State}, not ready", "image")
                    : new(named, null, $"image {imageName}");
            case SourceSelector.GoogleImage google when cloud is IDiskImages gce:
                return await GoogleImageAsync(cloud, gce, google, ct);
            case SourceSelector.NewestOfFamily(var family, var fallback):
                var newest = SourceSelection.NewestOfFamily(family, await cloud.FindImagesAsync(family.NameFilter, ct));
                if (newest is not null) return new(newest, null, $"newest of {family.Name}");
                var other = await ResolveAsync(cloud, fallback ?? new SourceSelector.BaseImage(), ct);
                return other with { How = $"{family.Name} is empty; {other.How}" };
            case SourceSelector.BaseImage:
                var bases = await cloud.FindImagesByTagAsync(SourceSelection.BaseTag, "true", ct);
                var chosen = SourceSelection.Newest(bases);
                return chosen is not null ? new(chosen, null, "base image")
                    : new(null, $"no base image (tagged {SourceSelection.BaseTag}=true) on {cloud.Describe}: run `kiln local-cloud init`, or give --source IMAGE", "base image");
            case SourceSelector.Filter(var filters, _, var mostRecent):
                var candidates = filters.TryGetValue("name", out var name) ? await cloud.FindImagesAsync(name, ct)
                    : filters.FirstOrDefault(f => f.Key.StartsWith("tag:", StringComparison.Ordinal)) is { Key: not null } tag
                        ? await cloud.FindImagesByTagAsync(tag.Key[4..], tag.Value, ct)
                        : await cloud.FindImagesAsync("*", ct);
                var matching = candidates.Where(i => SourceSelection.Matches(i, filters) && SourceSelection.Usable(i)).ToList();
                return matching.Count switch
                {
                    0 => new(null, "source_ami_filter matched no available image: check its filters", "filter"),
                    > 1 when !mostRecent => new(null, $"source_ami_filter matched {matching.Count} images: make the filter more specific, or set most_recent to true", "filter"),
                    _ => new(SourceSelection.Newest(matching), null, "filter"),
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(selector), selector, "unknown source selector");
        }
    }

    /// <summary>googlecompute's source: each project in turn; an image that is not READY is a problem, not skipped.</summary>
    private static async Task<Resolution> GoogleImageAsync(ICloud cloud, IDiskImages gce, SourceSelector.GoogleImage google, CancellationToken ct)
    {
        var how = google.IsFamily ? $"images.getFromFamily {google.Name}" : $"image {google.Name}";
        foreach (var project in google.Projects)
        {
            var image = google.IsFamily ? await gce.GetFromFamilyAsync(google.Name, project, ct)
                : await cloud.GetImageAsync(new Core.ImageId(project is null ? google.Name : $"projects/{project}/global/images/{google.Name}"), ct);
            if (image is null) continue;
            return image.State == ImageState.Available ? new(image, null, $"{how} of {image.Owner}")
                : new(null, $"source image {image.Name} of project {image.Owner} is {image.State}, not ready", how);
        }
        var where = string.Join(", ", google.Projects.Select(p => p ?? "the build's project"));
        return new(null, google.IsFamily
            ? $"image family '{google.Name}' has no image that is not deprecated in {where}: check source_image_family and source_image_project_id"
            : $"source image '{google.Name}' does not exist in {where}: check source_image and source_image_project_id", how);
    }
}
