using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kiln.Core.Runs;

namespace Kiln.Cli.Commands.Runs;

/// <summary>The JSON shape of `kiln runs --json` and `kiln runs show --json`: flat, camelCase, enums as lower-case
/// words, times in ISO 8601 UTC. Built from Core's records here so the output does not change when they do.</summary>
internal static class RunsJson
{
    public sealed record Run(string Id, string Kind, string? Family, string Outcome, DateTimeOffset Started, DateTimeOffset? Finished,
        double? DurationSeconds, string? Image, string? Error, string Cloud, string User, string Host, int Pid, string? Job, string Arguments);
    public sealed record Step(string Name, DateTimeOffset Started, double? DurationSeconds, string Outcome, string? Error);
    public sealed record Resource(string Kind, string Id, string State, DateTimeOffset Created);
    public sealed record Details(Run Run, IReadOnlyList<Step> Steps, IReadOnlyList<Resource> Resources, JsonNode? Result);

    public static Run Summary(RunSummary r) => new(r.Id.Value, r.Kind, r.Family, Word(r.Outcome), r.Started.ToUniversalTime(),
        r.Finished?.ToUniversalTime(), (r.Finished - r.Started)?.TotalSeconds, r.Image, r.Error, r.Cloud, r.User, r.Host, r.Pid, r.Job, r.Arguments);

    public static Details Of(RunDetails d) => new(Summary(d.Run),
        [.. d.Steps.Select(s => new Step(s.Name, s.Started.ToUniversalTime(), s.Duration?.TotalSeconds, s.Outcome, s.Error))],
        [.. d.Resources.Select(r => new Resource(Word(r.Kind), r.Id, Word(r.State), r.Created.ToUniversalTime()))],
        ParseResult(d.ResultJson));

    public static string Serialize(IEnumerable<Run> runs) => JsonSerializer.Serialize(runs.ToList(), RunsJsonContext.Default.ListRun);

    public static string Serialize(Details details) => JsonSerializer.Serialize(details, RunsJsonContext.Default.Details);

    private static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The result is stored as JSON text; embed it as JSON, or as a string if it is not valid JSON.</summary>
    private static JsonNode? ParseResult(string? json)
    {
        if (json is null) return null;
        try { return JsonNode.Parse(json); }
        catch (JsonException) { return JsonValue.Create(json); }
    }
}

/// <summary>Made at compile time: Native AOT has no reflection-based serializer.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<RunsJson.Run>))]
[JsonSerializable(typeof(RunsJson.Details))]
internal sealed partial class RunsJsonContext : JsonSerializerContext;
