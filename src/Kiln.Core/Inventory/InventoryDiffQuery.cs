using Kiln.Core.Runs;

namespace Kiln.Core.Inventory;

/// <summary>`kiln diff` and `GET /api/v1/families/{name}/diff`: which two images to compare, from the history. A
/// family alone: its newest bake's image against the one before it. An image that has no recorded inventory is bad
/// input naming that image.</summary>
public static class InventoryDiffQuery
{
    /// <param name="from">An image name or id; with <paramref name="to"/>, or neither.</param>
    public static async Task<InventoryDifference> RunAsync(IRunStore store, string? family, string? from, string? to, CancellationToken ct)
    {
        if ((from is null) != (to is null))
            throw new KilnInputException("give both images to compare (FROM and TO), or neither to compare the family's newest with the one before it");
        if (from is null)
        {
            if (family is null) throw new KilnInputException("give a family, such as hoge-dev-api-base, or two images to compare");
            (from, to) = await NewestTwoAsync(store, family, ct);
        }
        var a = await InventoryOfAsync(store, from, ct);
        var b = await InventoryOfAsync(store, to!, ct);
        if (family is not null)
            foreach (var image in new[] { a, b })
                if (image.Family is { } f && f != family)
                    throw new KilnInputException($"image {image.ImageName} is of family {f}, not {family}");
        return InventoryDiff.Between(Label(a), a.Inventory, Label(b), b.Inventory);
    }

    /// <summary>The run page: what an image changed from the image it was baked from, the source its own inventory
    /// records. When either inventory is missing, <see cref="SourceDifference.Missing"/> says which and why.</summary>
    public static async Task<SourceDifference> AgainstSourceAsync(IRunStore store, string image, CancellationToken ct)
    {
        if (await store.FindInventoryAsync(image, ct) is not { } own)
            return new(null, null, $"no inventory of {image} was recorded (inventory_roots: [], or the instance could not give one)");
        if (own.Inventory.Lineage.SourceImage is not { } source)
            return new(own, null, "the bake recorded no source image");
        var sourceName = own.Inventory.Lineage.SourceName is { } n ? $"{source} ({n})" : source;
        if (await store.FindInventoryAsync(source, ct) is not { } from)
            return new(own, null, $"no recorded inventory of its source {sourceName}: a base image, or baked before Kiln recorded "
                + "inventories, or by a run since deleted from the history");
        return new(own, InventoryDiff.Between(Label(from), from.Inventory, Label(own), own.Inventory), null);
    }

    /// <summary>The newest bake's image and the one before it on the same cloud: a family baked on two clouds has two
    /// lines of generations, and comparing across them says more about the clouds than about the change.</summary>
    private static async Task<(string From, string To)> NewestTwoAsync(IRunStore store, string family, CancellationToken ct)
    {
        var bakes = (await store.ListRunsAsync(new RunQuery(Family: family, Outcome: RunOutcome.Succeeded, Kind: "bake", Limit: 50), ct))
            .Where(r => r.Image is { Length: > 0 }).Select(r => (Image: r.Image!.Split(' ')[0], r.Cloud)).ToList();
        if (bakes.Count == 0) throw new KilnInputException($"family {family} has no image baked by Kiln in the history: nothing to compare");
        var newest = bakes[0];
        var before = bakes.Skip(1).FirstOrDefault(b => b.Cloud == newest.Cloud && b.Image != newest.Image);
        return before.Image is null
            ? throw new KilnInputException($"family {family} has one image on {newest.Cloud} in the history ({newest.Image}): nothing to compare it with yet")
            : (before.Image, newest.Image);
    }

    private static async Task<RecordedInventory> InventoryOfAsync(IRunStore store, string image, CancellationToken ct) =>
        await store.FindInventoryAsync(image, ct) ?? throw new KilnInputException(
            $"image {image} has no recorded inventory: it was baked before Kiln recorded inventories, with inventory_roots: [], "
            + "by a run since deleted from the history, or the name is wrong; `kiln images FAMILY` lists a family's images");

    private static string Label(RecordedInventory i) => i.ImageId is { } id ? $"{id} ({i.ImageName})" : i.ImageName;
}

/// <summary>An image against its source: its own recorded inventory (null when none), the difference (null when
/// either inventory is missing), and why it is missing.</summary>
public sealed record SourceDifference(RecordedInventory? Own, InventoryDifference? Difference, string? Missing);
