using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>Podman 4.3 loses names when two processes change one image's names at once; Kiln's name changes must not.
/// Every home's base AMI is such a name of the machine's one base image.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class PodmanNamesTests
{
    private readonly PodmanClient _podman = new();
    private readonly string _prefix = $"localhost/kiln-test-names-{Random.Shared.Next():x8}";

    [Fact]
    public async Task Names_added_and_removed_at_once_on_one_image_are_all_kept_or_gone_as_asked()
    {
        var ct = CancellationToken.None;
        string Name(int i) => $"{_prefix}:n{i}";
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _podman.TagAsync(Setup.BaseImage.PodmanName, Name(i), ct)));
            // Two removed while four more are added, all at once.
            await Task.WhenAll(Enumerable.Range(0, 2).Select(i => _podman.RemoveImageAsync(Name(i), ct))
                .Concat(Enumerable.Range(4, 4).Select(i => _podman.TagAsync(Setup.BaseImage.PodmanName, Name(i), ct))));

            foreach (var i in Enumerable.Range(0, 8))
                Assert.True(await _podman.ImageExistsAsync(Name(i), ct) == i >= 2, $"{Name(i)} should {(i >= 2 ? "" : "not ")}exist");
            Assert.True(await _podman.ImageExistsAsync(Setup.BaseImage.PodmanName, ct));
        }
        finally
        {
            foreach (var i in Enumerable.Range(0, 8)) await _podman.RemoveImageAsync(Name(i), ct);
        }
    }
}
