using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.History;
using Kiln.Server.Database;
using Kiln.Server.Jobs;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Tests.Support;

/// <summary>A real `kiln serve` (Kestrel on 127.0.0.1, port picked by the OS) on a fresh SQLite database, with an
/// admin, an operator and a viewer, each with an API token.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Password = "correct horse battery";
    public required KilnServer Server { get; init; }
    public required IRunHistory Store { get; init; }
    public required ScriptedExecutor Bakes { get; init; }
    public required string Directory { get; init; }
    public Dictionary<string, string> Tokens { get; } = new();
    /// <summary>What the server logged (warnings and above), one entry per line.</summary>
    public LogLines Logs { get; init; } = new();
    public Uri Address => Server.Address;

    /// <param name="db">null: a fresh SQLite file; else a `--db` value (a test PostgreSQL schema).</param>
    /// <param name="configure">changes to the server's options (session lifetimes, throttle limits, TLS).</param>
    /// <param name="addUsers">false for a second worker of a cluster whose first worker made them.</param>
    public static async Task<TestServer> StartAsync(IReadOnlyList<JobDefinition> jobs, TimeSpan? keepHistory = null, string? db = null,
        Func<ServerOptions, ServerOptions>? configure = null, bool addUsers = true, Kiln.Core.Jobs.SmtpSettings? smtp = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("kiln-server-test-").FullName;
        var paths = new KilnPaths(dir);
        db ??= "sqlite:" + Path.Combine(dir, "kiln.db");
        var store = RunStoreFactory.Open(db, paths);
        var bakes = new ScriptedExecutor(JobKind.Bake);
        var options = new ServerOptions
        {
            Listen = "127.0.0.1:0",
            Database = DatabaseLocation.Parse(db, paths),
            ClusterCheckin = TimeSpan.FromSeconds(1),
            KeepHistory = keepHistory ?? TimeSpan.FromDays(90),
        };
        var parts = new ServerParts
        {
            History = store, Jobs = new StaticJobCatalog(jobs),
            Executors = [bakes, new ScriptedExecutor(JobKind.Prune)], Smtp = smtp,
        };
        var logs = new LogLines();
        var server = KilnServer.Create(configure?.Invoke(options) ?? options, parts,
            logging => logging.AddProvider(logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        await server.StartAsync(CancellationToken.None);
        var test = new TestServer { Server = server, Store = store, Bakes = bakes, Directory = dir, Logs = logs };
        if (!addUsers) return test;
        var accounts = (Kiln.Server.Auth.Accounts)server.Services.GetService(typeof(Kiln.Server.Auth.Accounts))!;
        foreach (var role in new[] { "admin", "operator", "viewer" })
        {
            // Several test workers on one database share their users.
            try { await accounts.AddUserAsync(role, role, Password, CancellationToken.None); }
            catch (KilnInputException) when (db.StartsWith("sqlite:", StringComparison.Ordinal) == false) { }
            test.Tokens[role] = (await accounts.CreateTokenAsync(role, "tests", CancellationToken.None)).Secret;
        }
        return test;
    }

    public HttpClient Client(string? role = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (role is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[role]);
        return client;
    }

    /// <summary>Polls the API until the run has the outcome (or fails the test after 20 s).</summary>
    public async Task<JsonElement> WaitForOutcomeAsync(string run, params string[] outcomes)
    {
        using var client = Client("viewer");
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var response = await client.GetAsync($"/api/v1/runs/{run}");
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (outcomes.Contains(body.GetProperty("run").GetProperty("outcome").GetString())) return body;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {run} did not reach {string.Join("/", outcomes)}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        await Server.DisposeAsync();
        await Store.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
