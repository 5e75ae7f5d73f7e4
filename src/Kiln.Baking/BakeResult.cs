using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Baking;

public sealed record StepTiming(string Name, string Outcome, double Seconds);

/// <summary>What a bake did, for the CLI's output, `--json`, and the run record.</summary>
public sealed record BakeResult(
    RunId Run, RunOutcome Outcome, string? Error,
    ImageId? Image, string ImageName, ImageId? Source, string? SourceName,
    IReadOnlyList<StepTiming> Steps, double Seconds,
    IReadOnlyList<PrunedImage> Pruned, IReadOnlyList<KeptImage> Kept, IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Outcome == RunOutcome.Succeeded;
    /// <summary>Copies in other regions (region → image), when the spec asked for them.</summary>
    public IReadOnlyDictionary<string, ImageId> Copies { get; init; } = new Dictionary<string, ImageId>();
    /// <summary>False when skip_save_build_region left only the copies (then <see cref="Image"/> is gone).</summary>
    public bool BuildRegionImageKept { get; init; } = true;

    /// <summary>The family's newest image was baked from the same inputs: nothing was made (Image is that image).</summary>
    [JsonPropertyName("up_to_date")]
    public bool UpToDate => Outcome == RunOutcome.UpToDate;

    /// <summary>The digests of this bake's inputs (null when it stopped before they were known).</summary>
    public Inputs.BakeInputs? Inputs { get; init; }

    /// <summary>`passed` or `failed` when the bake had image tests (null: none, or they did not run).</summary>
    public string? Tests { get; init; }
    /// <summary>The image whose tests failed, kept by --keep-failed (tagged `kiln:tests=failed`).</summary>
    [JsonPropertyName("failed_image")]
    public ImageId? FailedImage { get; init; }

    /// <summary>What differs from the family's newest image's inputs, in words.</summary>
    public IReadOnlyList<string> InputChanges { get; init; } = [];

    /// <summary>With serializers made at compile time (<see cref="BakeJson"/>): Native AOT has no reflection-based
    /// serializer.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        TypeInfoResolver = BakeJson.Default,
        Converters = { new JsonStringEnumConverter<RunOutcome>(JsonNamingPolicy.KebabCaseLower), new IdConverter<RunId>(v => new(v), i => i.Value),
            new IdConverter<ImageId>(v => new(v), i => i.Value), new IdConverter<SnapshotId>(v => new(v), i => i.Value) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Typed ids are plain strings on the wire.</summary>
    private sealed class IdConverter<T>(Func<string, T> make, Func<T, string> value) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) => make(reader.GetString()!);
        public override void Write(Utf8JsonWriter writer, T id, JsonSerializerOptions options) => writer.WriteStringValue(value(id));
    }
}

[JsonSerializable(typeof(BakeResult))]
[JsonSerializable(typeof(Inputs.BakeInputs))]
internal sealed partial class BakeJson : JsonSerializerContext;
