using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Jobs;

/// <summary>A real `kiln serve` and a real bake of the fixture on the local cloud, stopped by its job's `timeout:`
/// while its temporary resources exist: the run ends `timed-out`, its ledger lists every resource cleaned, and
/// `kiln gc` (which also looks for the run's tags in the cloud) finds nothing of it left.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class RealBakeTimeoutTests
{
    // On a loaded machine the time-out has also landed while RunInstances was in flight: the run-instance step then
    // finds the instance the cloud made by the run's tag, so that it and its group go too.
    [Fact]
    public async Task A_timed_out_bake_leaves_no_temporary_resource()
    {
        var account = "t" + Guid.NewGuid().ToString("N")[..8];
        var dir = Fixtures.HogePlaybooksCopy($$"""
            jobs:
              bake-dev-api:
                bake: {account: {{account}}, env: dev, category: api}
                timeout: 40s
            """);
        // A play that outlasts the time-out, so it lands while the instance, key pair and group exist whatever the
        // machine's speed (the fixture's own play ends in about 10 s on a quiet machine).
        File.WriteAllText(Path.Combine(dir, "playbooks", "dev.yml"),
            "- hosts: all\n  gather_facts: false\n  tags: [dev-api]\n  tasks:\n    - name: outlast the time-out\n      command: sleep 300\n");
        var db = "sqlite:" + Path.Combine(dir, "server.db");
        await using var serve = await ServeProcess.StartAsync(db, dir, null);
        var paths = KilnPaths.FromEnvironment();
        await using var history = RunStoreFactory.Open(db, paths);
        var accounts = new Accounts(new UserStore(new ServerDatabase(DatabaseLocation.Parse(db, paths)), TimeProvider.System), TimeProvider.System);
        var (_, token) = await accounts.CreateTokenAsync("admin", "test", default);
        using var client = new HttpClient { BaseAddress = serve.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await client.PostAsync("/api/v1/jobs/bake-dev-api/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        var run = new RunId(started.GetProperty("run").GetString()!);

        var deadline = DateTime.UtcNow.AddMinutes(3);
        RunDetails? details;
        while ((details = await history.GetRunAsync(run, default))?.Run.Outcome is null or RunOutcome.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, "the bake did not end");
            await Task.Delay(250);
        }
        Assert.Equal(RunOutcome.TimedOut, details.Run.Outcome);
        Assert.Contains("timed out after 40s", details.Run.Error);
        Assert.NotEmpty(details.Resources); // it was stopped with temporary resources made
        Assert.All(details.Resources, r => Assert.NotEqual(CleanupState.Live, r.State));
        Assert.DoesNotContain(details.Resources, r => r.Kind == ResourceKind.Image && r.State == CleanupState.Kept);

        var gc = await GcDryRunAsync(db, serve);
        Assert.DoesNotContain(run.Value, gc);
    }

    private static async Task<string> GcDryRunAsync(string db, ServeProcess serve)
    {
        var start = new ProcessStartInfo(Path.Combine(ServeProcess.RepoRoot(), "kiln"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            Environment = { ["KILN_DB"] = db },
        };
        foreach (var a in new[] { "gc", "--dry-run" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"kiln gc --dry-run: exit {p.ExitCode}: {output}\n{serve.Output}");
        return output;
    }
}
