using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>`kiln images` reads the local cloud's state directly: it must list exactly what DescribeImages answers
/// for the same name filter, field for field.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class LocalImageCatalogTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task The_catalog_lists_what_DescribeImages_answers()
    {
        var family = $"cat{Guid.NewGuid():N}"[..12];
        var state = new StateStore(cloud.Layout.StateDatabase);
        var records = new List<ImageRecord>();
        string[] names = [$"{family}-base-20260101-0000", $"{family}-base-20260102-0000", $"{family}-base2-20260103-0000",
            $"x{family}-base-20260104-0000", $"{family}-base-20260105-0000"];
        var region = Setup.CredentialsFile.Read(cloud.Layout)!.Region;
        for (var i = 0; i < names.Length; i++)
            records.Add(new ImageRecord($"ami-{Guid.NewGuid():N}"[..21], names[i], i == 0 ? null : $"generation {i}",
                i == 4 ? "failed" : "available", DateTimeOffset.UtcNow.AddMinutes(-i), "ec2-user",
                [new BlockDevice("/dev/xvda", $"snap-{Guid.NewGuid():N}"[..22], 8)],
                new Dictionary<string, string> { ["kiln:run"] = $"run-{i}", ["Name"] = names[i] }, Region: i == 1 ? region : null));
        // A copy of the first generation in another region: DescribeImages in the cloud's region does not answer it.
        var elsewhere = region == "us-west-2" ? "eu-west-1" : "us-west-2";
        records.Add(records[1] with { Id = $"ami-{Guid.NewGuid():N}"[..21], Region = elsewhere });
        state.Write(tx => { foreach (var r in records) tx.Put(r); return 0; });
        try
        {
            var filter = $"{family}-base-*";
            var listed = LocalImageCatalog.FindImages(cloud.Paths, filter, region);
            using var adapter = cloud.Adapter();
            var described = await adapter.FindImagesAsync(filter, CancellationToken.None);

            Assert.Equal(3, listed.Count);
            Assert.Equal(4, LocalImageCatalog.FindImages(cloud.Paths, filter).Count);
            Assert.Equal(string.Join("\n", Project(described)), string.Join("\n", Project(listed)));
            Assert.DoesNotContain(listed, i => i.Name.Contains("base2", StringComparison.Ordinal) || i.Name.StartsWith('x'));
        }
        finally
        {
            state.Write(tx => { foreach (var r in records) tx.Delete<ImageRecord>(r.Id); return 0; });
        }
    }

    private static List<string> Project(IEnumerable<Core.Cloud.CloudImage> images) => images
        .OrderBy(i => i.Id.Value, StringComparer.Ordinal)
        .Select(i => $"{i.Id} {i.Name} {i.State} {i.Created.ToUnixTimeSeconds()} {i.Description} {string.Join(',', i.Snapshots)} " +
                     string.Join(',', i.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))
        .ToList();
}
