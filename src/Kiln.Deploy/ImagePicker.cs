using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Deploy;

/// <summary>The image a deploy rolls out: the one named, or the family's newest generation (available, complete, not
/// failed its tests: <see cref="Generations"/>).</summary>
public static class ImagePicker
{
    public static async Task<CloudImage> PickAsync(ICloud cloud, Family family, ImageId? wanted, CancellationToken ct)
    {
        if (wanted is { } id)
        {
            var image = await cloud.GetImageAsync(id, ct) ?? throw new KilnInputException($"--image {id}: no such image in {cloud.Describe}");
            if (Generations.FailedTests(image))
                throw new KilnInputException($"--image {id} ({image.Name}) failed its tests (kiln:tests=failed): it is never deployed; bake a generation that passes");
            return image.State == ImageState.Available ? image
                : throw new KilnInputException($"--image {id} is {image.State.ToString().ToLowerInvariant()}, not available: wait for it or pick another");
        }
        var newest = family.Generations(await cloud.FindImagesAsync(family.NameFilter, ct), i => i.Name, i => i.Created)
            .FirstOrDefault(Generations.Counts);
        return newest ?? throw new KilnInputException(
            $"family {family.Name} has no available image in {cloud.Describe}: bake one first (`kiln bake …`) or give --image");
    }
}
