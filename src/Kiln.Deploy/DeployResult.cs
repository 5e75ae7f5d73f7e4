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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
