using Kiln.Core;
using Kiln.Core.Inventory;
using Kiln.Core.Runs;
using static Kiln.History.Tests.TestRuns;

namespace Kiln.History.Tests;

public abstract partial class RunStoreContract
{
    private static ImageInventory Inventory(string nginx, string source) => new(
        [new PackageEntry("nginx", nginx, "amd64")], [new FileEntry("/etc/nginx/nginx.conf", "f", "644", "root:root", 10, nginx)],
        ImageInventory.DefaultRoots, new InventoryLineage(source, null, "c1", false, "1.0.0", "d", new Dictionary<string, string>(),
            new Dictionary<string, string>()));

    [SkippableFact]
    public async Task An_inventory_is_found_by_image_name_or_id_and_the_family_diff_compares_its_newest_two_bakes_of_one_cloud()
    {
        var store = await OpenAsync();
        async Task BakeAsync(string run, int minute, string image, string nginx, RunOutcome outcome, string cloud = "local")
        {
            await store.CreateRunAsync(Start(run, started: T0.AddMinutes(minute)) with { Cloud = cloud }, Ct);
            await store.RecordInventoryAsync(Id(run), image, Inventory(nginx, "ami-src"), Ct);
            await store.FinishRunAsync(Id(run), outcome, null, outcome == RunOutcome.Succeeded ? $"ami-{run} {image}" : null, null, Ct);
        }
        await BakeAsync("r1", 0, "hoge-dev-api-base-20261126-1438", "1.22", RunOutcome.Succeeded);
        await BakeAsync("r2", 1, "hoge-dev-api-base-20261126-1439", "1.99", RunOutcome.Failed);
        await BakeAsync("r3", 2, "hoge-dev-api-base-20261126-1439", "1.24", RunOutcome.Succeeded);

        Assert.Equal("r1", (await store.FindInventoryAsync("ami-r1", Ct))!.Run.Value);
        var byName = (await store.FindInventoryAsync("hoge-dev-api-base-20261126-1439", Ct))!;
        Assert.Equal(("r3", "ami-r3", "hoge-dev-api-base"), (byName.Run.Value, byName.ImageId, byName.Family));
        Assert.Equal("1.24", byName.Inventory.Packages[0].Version);
        Assert.Null(await store.FindInventoryAsync("ami-r", Ct));

        var diff = await InventoryDiffQuery.RunAsync(store, "hoge-dev-api-base", null, null, Ct);
        Assert.Equal(("ami-r1 (hoge-dev-api-base-20261126-1438)", "ami-r3 (hoge-dev-api-base-20261126-1439)"), (diff.From, diff.To));
        Assert.Equal([new PackageChange("nginx", "1.22 (amd64)", "1.24 (amd64)")], diff.Packages.Changed);
        Assert.Equal(["content"], diff.Files.Changed.Single().Changed);

        // A newer bake on another cloud starts a line of its own: nothing before it there to compare with.
        await BakeAsync("r4", 3, "hoge-dev-api-base-20261126-1441", "1.24", RunOutcome.Succeeded, "local-gcp:kiln-local/us-central1-a");
        var alone = await Assert.ThrowsAsync<KilnInputException>(() => InventoryDiffQuery.RunAsync(store, "hoge-dev-api-base", null, null, Ct));
        Assert.Equal("family hoge-dev-api-base has one image on local-gcp:kiln-local/us-central1-a in the history (ami-r4): nothing to compare it with yet", alone.Message);

        var missing = await Assert.ThrowsAsync<KilnInputException>(() => InventoryDiffQuery.RunAsync(store, null, "ami-r1", "ami-old", Ct));
        Assert.StartsWith("image ami-old has no recorded inventory", missing.Message);
        var lonely = await Assert.ThrowsAsync<KilnInputException>(() => InventoryDiffQuery.RunAsync(store, "other-dev-api-base", null, null, Ct));
        Assert.Contains("family other-dev-api-base has no image", lonely.Message);

        // The run page: an image against the source its own inventory names, with the tasks ansible changed in its bake.
        await store.CreateRunAsync(Start("r5", started: T0.AddMinutes(4)), Ct);
        await store.RecordInventoryAsync(Id("r5"), "hoge-dev-api-base-20261126-1442", Inventory("1.26", "ami-r1")
            with { Ansible = [new AnsibleRecap("dev.yml", 1, [new ChangedTask("all", "nginx : nginx.conf")])] }, Ct);
        await store.FinishRunAsync(Id("r5"), RunOutcome.Succeeded, null, "ami-r5 hoge-dev-api-base-20261126-1442", null, Ct);
        var fromSource = await InventoryDiffQuery.AgainstSourceAsync(store, "hoge-dev-api-base-20261126-1442", Ct);
        Assert.Equal(("ami-r1 (hoge-dev-api-base-20261126-1438)", "1.22 (amd64)"), (fromSource.Difference!.From, fromSource.Difference.Packages.Changed[0].From));
        Assert.Equal(new ChangedTask("all", "nginx : nginx.conf"), fromSource.Difference.ChangedTasks.Single().Tasks.Single());
        Assert.StartsWith("no recorded inventory of its source ami-src", (await InventoryDiffQuery.AgainstSourceAsync(store, "ami-r1", Ct)).Missing);
        Assert.StartsWith("no inventory of ami-none was recorded", (await InventoryDiffQuery.AgainstSourceAsync(store, "ami-none", Ct)).Missing);
    }
}
