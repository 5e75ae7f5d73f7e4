using System.Text.Json;

namespace Kiln.Server.Api;

/// <summary>The parts of a run's recorded arguments (JSON written at its start) that views show: its options,
/// which attempt it is, what started it.</summary>
public sealed record RecordedArguments(IReadOnlyDictionary<string, string> Options, int Attempt, int Attempts, string? Previous,
    string? Trigger, string? Parent)
{
    private static readonly RecordedArguments None = new(new Dictionary<string, string>(), 1, 1, null, null, null);

    public static RecordedArguments Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json) || json[0] != '{') return None;
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            var options = root.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object
                ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "") : new Dictionary<string, string>();
            return new RecordedArguments(options, Int(root, "attempt"), Int(root, "attempts"), Text(root, "previous"), Text(root, "trigger"), Text(root, "parent"));
        }
        catch (JsonException) { return None; }
    }

    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 1;
    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
