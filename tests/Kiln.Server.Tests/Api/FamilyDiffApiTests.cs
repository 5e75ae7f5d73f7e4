using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Inventory;
using Kiln.Core.Runs;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Api;

/// <summary>`GET /api/v1/families/{name}/diff` over inventories in the server's own history (SQLite).</summary>
public sealed class FamilyDiffApiTests : IAsyncLifetime
{
    private const string Family = "hoge-dev-api-base";
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task BakeAsync(string run, DateTimeOffset started, string image, string nginx, string source)
    {
        var store = _server.Store;
        await store.CreateRunAsync(new RunStart(new RunId(run), "bake", Family, "bake hoge dev api", "alice", "local", started, "h", 1), default);
        await store.RecordInventoryAsync(new RunId(run), image, new ImageInventory(
            [new PackageEntry("nginx", nginx, "amd64"), new PackageEntry($"only-{run}", "1", "all")],
            [new FileEntry("/etc/motd", "f", run == "kiln-a" ? "644" : "600", "root:root", 3, "aa")], ImageInventory.DefaultRoots,
            new InventoryLineage(source, null, "c1", false, "1.0.0", "d", new Dictionary<string, string>(), new Dictionary<string, string>())), default);
        await store.FinishRunAsync(new RunId(run), RunOutcome.Succeeded, null, $"ami-{run[^1]} {image}", null, default);
    }

    [Fact]
    public async Task The_family_diff_compares_its_newest_two_images_and_names_an_image_without_inventory()
    {
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await BakeAsync("kiln-a", t0, $"{Family}-20261201-0000", "1.22", "ami-base");
        await BakeAsync("kiln-b", t0.AddMinutes(5), $"{Family}-20261201-0005", "1.24", "ami-a");
        using var viewer = _server.Client("viewer");

        var diff = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/families/{Family}/diff");
        Assert.Equal($"ami-a ({Family}-20261201-0000)", diff.GetProperty("from").GetString());
        Assert.Equal("only-kiln-b", diff.GetProperty("packages").GetProperty("added")[0].GetProperty("name").GetString());
        Assert.Equal("only-kiln-a", diff.GetProperty("packages").GetProperty("removed")[0].GetProperty("name").GetString());
        Assert.Equal("1.24 (amd64)", diff.GetProperty("packages").GetProperty("changed")[0].GetProperty("to").GetString());
        Assert.Equal("mode", diff.GetProperty("files").GetProperty("changed")[0].GetProperty("changed")[0].GetString());
        Assert.Equal("source image ami-base → ami-a", diff.GetProperty("inputs")[0].GetString());

        var reversed = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/families/{Family}/diff?from=ami-b&to={Family}-20261201-0000");
        Assert.Equal("1.22 (amd64)", reversed.GetProperty("packages").GetProperty("changed")[0].GetProperty("to").GetString());

        var missing = await viewer.GetAsync($"/api/v1/families/{Family}/diff?from=ami-a&to=ami-gone");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("image ami-gone has no recorded inventory", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync($"/api/v1/families/{Family}/diff?from=ami-a")).StatusCode);
    }
}
