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

    private static async Task<(string From, string To)> NewestTwoAsync(IRunStore store, string family, CancellationToken ct)
    {
        var bakes = (await store.ListRunsAsync(new RunQuery(Family: family, Outcome: RunOutcome.Succeeded, Kind: "bake", Limit: 20), ct))
            .Where(r => r.Image is { Length: > 0 }).Select(r => r.Image!.Split(' ')[0]).Distinct().Take(2).ToList();
        return bakes.Count switch
        {
            0 => throw new KilnInputException($"family {family} has no image baked by Kiln in the history: nothing to compare"),
            1 => throw new KilnInputException($"family {family} has one image in the history ({bakes[0]}): nothing to compare it with yet"),
            _ => (bakes[1], bakes[0]),
        };
    }

    private static async Task<RecordedInventory> InventoryOfAsync(IRunStore store, string image, CancellationToken ct) =>
        await store.FindInventoryAsync(image, ct) ?? throw new KilnInputException(
            $"image {image} has no recorded inventory: it was baked before Kiln recorded inventories, with inventory_roots: [], "
            + "by a run since deleted from the history, or the name is wrong; `kiln images FAMILY` lists a family's images");

    private static string Label(RecordedInventory i) => i.ImageId is { } id ? $"{id} ({i.ImageName})" : i.ImageName;
}
