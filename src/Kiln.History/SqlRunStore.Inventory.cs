using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Kiln.Core;
using Kiln.Core.Inventory;
using Kiln.Core.Runs;

namespace Kiln.History;

public abstract partial class SqlRunStore
{
    private const string InventoryColumns = """
        i.run AS Run, i.image AS ImageName, r.image AS RunImage, r.family AS Family, i.recorded AS Recorded, i.body AS Body
        FROM inventories i JOIN runs r ON r.id = i.run
        """;

    /// <summary>An upsert by run: a run takes one inventory, of the image it is making.</summary>
    public async Task RecordInventoryAsync(RunId run, string imageName, ImageInventory inventory, CancellationToken ct)
    {
        // Typed, not `var`: Dapper.AOT's generator does not see the JSON generator's output, and skips (silently) a call
        // whose parameters it cannot type.
        string body = JsonSerializer.Serialize(inventory, InventoryJsonContext.Default.ImageInventory);
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO inventories (run, image, recorded, body) VALUES (@run, @imageName, @now, @body)
            ON CONFLICT (run) DO UPDATE SET image = excluded.image, recorded = excluded.recorded, body = excluded.body
            """, new { run = run.Value, imageName, now = Now(), body, ct });
    }

    /// <summary>By the image's name or id; a run that made the image wins over one that failed after its inventory.</summary>
    public async Task<RecordedInventory?> FindInventoryAsync(string image, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<InventoryRow>($"""
            SELECT {InventoryColumns}
            WHERE i.image = @image OR r.image = @image OR r.image LIKE @idPrefix
            ORDER BY CASE WHEN r.outcome = @ok THEN 0 ELSE 1 END, i.recorded DESC LIMIT 1
            """, new { image, idPrefix = image.Replace("%", "").Replace("_", "") + " %", ok = nameof(RunOutcome.Succeeded), ct });
        return row?.ToRecord();
    }

    internal sealed class InventoryRow
    {
        public string Run { get; set; } = "";
        public string ImageName { get; set; } = "";
        public string? RunImage { get; set; }
        public string? Family { get; set; }
        public long Recorded { get; set; }
        public string Body { get; set; } = "";

        /// <summary>runs.image is `ID NAME` once the run made its image.</summary>
        public RecordedInventory ToRecord() => new(new RunId(Run), ImageName,
            RunImage?.Split(' ') is [var id, ..] && id.Length > 0 ? id : null, Family,
            DateTimeOffset.FromUnixTimeMilliseconds(Recorded),
            JsonSerializer.Deserialize(Body, InventoryJsonContext.Default.ImageInventory)
                ?? throw new InvalidOperationException($"run {Run}'s inventory is empty in the history"));
    }
}

/// <summary>Made at compile time: Native AOT has no reflection-based serializer.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ImageInventory))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
