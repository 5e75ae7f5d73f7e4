using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>Podman 4.3 loses names when two processes change one image's names at once; Kiln's name changes must not.
/// Every home's base AMI is such a name of the machine's one base image.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class PodmanNamesTests
{
    private readonly PodmanClient _podman = new();
    private readonly string _prefix = $"localhost/kiln-test-names-{Random.Shared.Next():x8}";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Names_added_and_removed_at_once_on_one_image_are_all_kept_or_gone_as_asked(bool throughService)
    {
        var ct = CancellationToken.None;
        var podman = throughService ? PodmanClient.Shared() : _podman;
        string Name(int i) => $"{_prefix}:n{i}";
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => podman.TagAsync(Setup.BaseImage.PodmanName, Name(i), ct)));
            // Two removed while four more are added, all at once.
            await Task.WhenAll(Enumerable.Range(0, 2).Select(i => podman.RemoveImageAsync(Name(i), ct))
                .Concat(Enumerable.Range(4, 4).Select(i => podman.TagAsync(Setup.BaseImage.PodmanName, Name(i), ct))));

            foreach (var i in Enumerable.Range(0, 8))
                Assert.True(await _podman.ImageExistsAsync(Name(i), ct) == i >= 2, $"{Name(i)} should {(i >= 2 ? "" : "not ")}exist");
            Assert.True(await _podman.ImageExistsAsync(Setup.BaseImage.PodmanName, ct));
        }
        finally
        {
            foreach (var i in Enumerable.Range(0, 8)) await _podman.RemoveImageAsync(Name(i), ct);
        }
    }

    [Fact]
    public async Task Names_asked_for_at_once_are_added_by_one_podman_tag_and_checked_by_one_inspect()
    {
        var ct = CancellationToken.None;
        var dir = Directory.CreateTempSubdirectory("kiln-podman-log-").FullName;
        var log = Path.Combine(dir, "calls");
        var wrapper = Path.Combine(dir, "podman");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> {log}\nexec podman \"$@\"\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var logged = new PodmanClient(wrapper);
        var names = Enumerable.Range(0, 3).Select(i => $"{_prefix}:copy{i}").ToList();
        try
        {
            await Task.WhenAll(names.Select(n => logged.TagAsync(Setup.BaseImage.PodmanName, n, ct)));

            foreach (var n in names) Assert.True(await _podman.ImageExistsAsync(n, ct), $"{n} was not kept");
            var calls = File.ReadAllLines(log);
            Assert.Equal([$"tag {Setup.BaseImage.PodmanName} {string.Join(" ", names)}"],
                calls.Where(c => c.StartsWith("tag ", StringComparison.Ordinal)).Select(c => SortTargets(c)).ToArray());
            Assert.Single(calls, c => c.StartsWith("image inspect", StringComparison.Ordinal));
            Assert.Equal(2, calls.Length);
        }
        finally
        {
            foreach (var n in names) await _podman.RemoveImageAsync(n, ct);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>`tag SOURCE T…` with its targets in order (the batch keeps the order the requests arrived in).</summary>
    private static string SortTargets(string call)
    {
        var words = call.Split(' ');
        return string.Join(" ", words.Take(2).Concat(words.Skip(2).Order(StringComparer.Ordinal)));
    }
}
