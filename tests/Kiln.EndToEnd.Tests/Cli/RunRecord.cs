using System.Text.Json;

namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>A run as `kiln runs show RUN --json` reports it: the history, read the way a user reads it.</summary>
public sealed record RunRecord(JsonElement Json)
{
    public static async Task<RunRecord> ShowAsync(KilnCli kiln, string run)
    {
        var shown = await kiln.RunAsync("runs", "show", run, "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using var doc = JsonDocument.Parse(shown.Stdout);
        return new RunRecord(doc.RootElement.Clone());
    }

    public string Outcome => Json.GetProperty("run").GetProperty("outcome").GetString()!;
    public string? Error => Json.GetProperty("run").GetProperty("error").GetString();

    /// <summary>Every cloud resource the run recorded, as "kind id state".</summary>
    public IReadOnlyList<(string Kind, string Id, string State)> Resources =>
        [.. Json.GetProperty("resources").EnumerateArray().Select(r =>
            (r.GetProperty("kind").GetString()!, r.GetProperty("id").GetString()!, r.GetProperty("state").GetString()!))];
}
