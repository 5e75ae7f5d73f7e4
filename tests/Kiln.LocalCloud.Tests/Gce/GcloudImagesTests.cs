using System.Text.Json;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>`gcloud compute images …` against the endpoint: list, describe, describe-from-family, deprecate, delete.</summary>
[Collection(GceCollection.Name)]
public sealed class GcloudImagesTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task Gcloud_lists_describes_deprecates_and_deletes_images_and_the_family_follows_deprecation()
    {
        using var gcloud = new Gcloud(cloud.Server);
        var standard = await gcloud.JsonAsync("compute", "images", "list");
        var debian = standard.EnumerateArray().Single(i => i.GetProperty("family").GetString() == "debian-12");
        Assert.Contains("/projects/debian-cloud/global/images/", debian.GetProperty("selfLink").GetString());

        await gcloud.JsonAsync("compute", "images", "create", "gimg-1", "--source-image-family", "debian-12",
            "--source-image-project", "debian-cloud", "--family", "gfam", "--labels", "kiln-run-id=r-1");
        await gcloud.JsonAsync("compute", "images", "create", "gimg-2", "--source-image", "gimg-1", "--family", "gfam");
        var described = await gcloud.JsonAsync("compute", "images", "describe", "gimg-1");
        Assert.Equal("READY", described.GetProperty("status").GetString());
        Assert.Equal("r-1", described.GetProperty("labels").GetProperty("kiln-run-id").GetString());
        Assert.Equal(JsonValueKind.String, described.GetProperty("id").ValueKind); // uint64 as a string, as Google sends it
        Assert.Equal("gimg-2", await FamilyAsync(gcloud));

        await gcloud.JsonAsync("compute", "images", "deprecate", "gimg-2", "--state", "DEPRECATED", "--replacement", "gimg-1");
        Assert.Equal("gimg-1", await FamilyAsync(gcloud)); // Google's documented rollback
        Assert.DoesNotContain("gimg-2", Names(await gcloud.JsonAsync("compute", "images", "list", "--filter", "family=gfam")));
        var all = await gcloud.JsonAsync("compute", "images", "list", "--filter", "family=gfam", "--show-deprecated");
        Assert.Equal(["gimg-1", "gimg-2"], Names(all));
        var deprecated = all.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "gimg-2").GetProperty("deprecated");
        Assert.Equal("DEPRECATED", deprecated.GetProperty("state").GetString());
        Assert.EndsWith("/global/images/gimg-1", deprecated.GetProperty("replacement").GetString());

        await gcloud.JsonAsync("compute", "images", "deprecate", "gimg-2", "--state", "ACTIVE");
        Assert.Equal("gimg-2", await FamilyAsync(gcloud));

        await gcloud.JsonAsync("compute", "images", "delete", "gimg-1", "gimg-2");
        var (code, _, stderr) = await gcloud.RunAsync("compute", "images", "describe", "gimg-1");
        Assert.NotEqual(0, code);
        Assert.Contains("was not found", stderr);
        var (familyCode, _, familyError) = await gcloud.RunAsync("compute", "images", "describe-from-family", "gfam");
        Assert.NotEqual(0, familyCode);
        Assert.Contains("family/gfam", familyError);
        Assert.Empty(await Integration.Podman.GceImagesOf(cloud));
    }

    private static async Task<string?> FamilyAsync(Gcloud gcloud) =>
        (await gcloud.JsonAsync("compute", "images", "describe-from-family", "gfam")).GetProperty("name").GetString();

    private static List<string?> Names(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("name").GetString()).Order().ToList();
}
