using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Deploy;

/// <summary>The image a deploy rolls out: the one named, or the family's newest available generation.</summary>
public static class ImagePicker
{
    public static async Task<CloudImage> PickAsync(ICloud cloud, Family family, ImageId? wanted, CancellationToken ct)
    {
        if (wanted is { } id)
        {
            var image = await cloud.GetImageAsync(id, ct) ?? throw new KilnInputException($"--image {id}: no such image in {cloud.Describe}");
            return image.State == ImageState.Available ? image
                : throw new KilnInputException($"--image {id} is {image.State.ToString().ToLowerInvariant()}, not available: wait for it or pick another");
        }
        var newest = family.Generations(await cloud.FindImagesAsync(family.NameFilter, ct), i => i.Name, i => i.Created)
            .FirstOrDefault(i => i.State == ImageState.Available);
        return newest ?? throw new KilnInputException(
            $"family {family.Name} has no available image in {cloud.Describe}: bake one first (`kiln bake …`) or give --image");
    }
}
