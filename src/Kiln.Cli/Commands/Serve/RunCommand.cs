using System.ComponentModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Kiln.Core;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Serve;

public sealed class RunJobSettings : CommandSettings
{
    [CommandArgument(0, "<JOB>")] [Description("the job's name in the server's kiln.yml")] public string Job { get; init; } = "";

    [CommandOption("--server <URL>")] [Description("the kiln server (default env KILN_SERVER)")]
    public string? Server { get; init; }

    [CommandOption("--option <NAME=VALUE>")] [Description("a job option (repeat for each): --option env=stg")]
    public string[] Options { get; init; } = [];

    [CommandOption("--token <TOKEN>")] [Description("an API token (default env KILN_TOKEN; prefer the variable: arguments show in process lists)")]
    public string? Token { get; init; }

    /// <summary>`--option NAME=VALUE`s, every malformed one reported at once.</summary>
    public Dictionary<string, string> OptionValues()
    {
        var values = new Dictionary<string, string>();
        var problems = new List<string>();
        foreach (var o in Options)
        {
            var eq = o.IndexOf('=');
            if (eq <= 0) problems.Add($"--option '{Kiln.Core.Naming.NameRules.Printable(o)}': write NAME=VALUE, e.g. --option env=stg");
            else if (!values.TryAdd(o[..eq], o[(eq + 1)..])) problems.Add($"--option {o[..eq]} is given twice");
        }
        return problems.Count > 0 ? throw new KilnInputException(problems) : values;
    }

    public Uri ServerUri() =>
        Uri.TryCreate(Server ?? Environment.GetEnvironmentVariable("KILN_SERVER"), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new KilnInputException(["--server: give the server's URL, e.g. http://127.0.0.1:8080 (or set KILN_SERVER)"]);
}

/// <summary>`kiln run JOB --server URL`: starts the job through the API, prints its log as it streams, and exits with
/// the outcome: 0 succeeded, 1 failed or interrupted, 130 cancelled. Ctrl+C asks the server to cancel the run.</summary>
public sealed class RunCommand : AsyncCommand<RunJobSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunJobSettings settings, CancellationToken ct)
    {
        var token = settings.Token ?? Environment.GetEnvironmentVariable("KILN_TOKEN")
            ?? throw new KilnInputException(["--token: give an API token (`kiln tokens create --user NAME`), or set KILN_TOKEN"]);
        var options = settings.OptionValues();
        using var http = new HttpClient { BaseAddress = settings.ServerUri(), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Add("X-Kiln-Client", "cli");
        var start = await http.PostAsJsonAsync($"api/v1/jobs/{Uri.EscapeDataString(settings.Job)}/runs", new { options }, ct);
        var body = await start.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (start.StatusCode != HttpStatusCode.Accepted)
        {
            var error = body.TryGetProperty("error", out var e) ? e.GetString() : start.ReasonPhrase;
            if (start.StatusCode == HttpStatusCode.BadRequest && body.TryGetProperty("problems", out var problems) && problems.ValueKind == JsonValueKind.Array)
                throw new KilnInputException(problems.EnumerateArray().Select(p => p.GetString() ?? "").ToList());
            if (start.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new KilnInputException([$"the server refused: {error}"]);
            Console.Error.WriteLine($"kiln: the server refused: {error}");
            return ExitCodes.Failed;
        }
        var run = body.GetProperty("run").GetString()!;
        Console.Error.WriteLine($"kiln: run {run}" + (body.GetProperty("queued").GetBoolean() ? " queued behind its family's run" : " started"));
        using var cancel = CancelOnCtrlC(http, run);
        return await StreamAsync(http, run, ct);
    }

    /// <summary>Follows the log; reconnects from the last line seen if the connection drops.</summary>
    private static async Task<int> StreamAsync(HttpClient http, string run, CancellationToken ct)
    {
        long after = 0;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            try
            {
                await using var stream = await http.GetStreamAsync($"api/v1/runs/{run}/log/stream?after={after}", ct);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
                {
                    var data = JsonDocument.Parse(item.Data).RootElement;
                    if (item.EventType == "end") return ExitFor(data.GetProperty("outcome").GetString(), data);
                    after = data.GetProperty("seq").GetInt64();
                    (data.GetProperty("stream").GetString() == "error" ? Console.Error : Console.Out).WriteLine(data.GetProperty("text").GetString());
                }
            }
            catch (HttpRequestException) when (!ct.IsCancellationRequested) { }
            catch (IOException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        Console.Error.WriteLine($"kiln: lost the server while following run {run}; `kiln runs show {run}` tells how it ended");
        return ExitCodes.Failed;
    }

    private static int ExitFor(string? outcome, JsonElement end)
    {
        var error = end.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? $": {e.GetString()}" : "";
        Console.Error.WriteLine($"kiln: {outcome}{error}");
        return outcome switch { "succeeded" => ExitCodes.Ok, "cancelled" => ExitCodes.Cancelled, _ => ExitCodes.Failed };
    }

    private static IDisposable CancelOnCtrlC(HttpClient http, string run)
    {
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true; // keep following: the server runs the cleanups, then reports "cancelled"
            Console.Error.WriteLine($"kiln: cancelling run {run}…");
            _ = http.PostAsync($"api/v1/runs/{run}/cancel", null);
        };
        Console.CancelKeyPress += handler;
        return new Unsubscribe(() => Console.CancelKeyPress -= handler);
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
