using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;

namespace Kiln.Server.Tests.Support;

/// <summary>Jobs of a real `kiln serve` started through its API and followed in its history until they end; each must
/// succeed (the assertion carries the run's error and the server's output).</summary>
public static class ServedRuns
{
    public static async Task<RunDetails> StartAndEndAsync(HttpClient client, IRunStore history, string job, ServeProcess serve)
    {
        var started = await (await client.PostAsync($"/api/v1/jobs/{job}/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        return await SucceededAsync(history, new RunId(started.GetProperty("run").GetString()!), job, serve);
    }

    public static async Task<RunDetails> SucceededAsync(IRunStore history, RunId run, string job, ServeProcess serve)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        RunDetails? details;
        while ((details = await history.GetRunAsync(run, default))?.Run.Outcome is null or RunOutcome.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{job} did not end\n{serve.Output}");
            await Task.Delay(250);
        }
        Assert.True(details.Run.Outcome == RunOutcome.Succeeded, $"{job}: {details.Run.Outcome} {details.Run.Error}\n{serve.Output}");
        return details;
    }
}
