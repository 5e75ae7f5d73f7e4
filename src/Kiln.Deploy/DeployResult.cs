using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Baking;
using Kiln.Core.Runs;

namespace Kiln.Deploy;

/// <summary>What a deploy, rollback or create did, for the CLI's output, `--json`, and the run record.
/// SwitchSeconds: from the first change until every new instance was in service and healthy.</summary>
public sealed record DeployResult(
    string Run, string Kind, RunOutcome Outcome, string? Error, string Deploy, string Strategy,
    string? Group, string? PreviousGroup, string? Image, string? PreviousImage, int? TemplateVersion,
    double? SwitchSeconds, IReadOnlyList<StepTiming> Steps, double Seconds, IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Outcome == RunOutcome.Succeeded;
    /// <summary>Compute Engine: the instance template the group's new instances start from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Template { get; init; }

    /// <summary>With a serializer made at compile time (<see cref="DeployJson"/>): Native AOT has no reflection-based
    /// serializer for records with value-type members.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = DeployJson.Default,
        Converters = { new JsonStringEnumConverter<RunOutcome>(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

[JsonSerializable(typeof(DeployResult))]
internal sealed partial class DeployJson : JsonSerializerContext;
