using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Jobs;

/// <summary>A real `kiln serve` on the local cloud's Compute Engine (KILN_CLOUD=local-gcp, kiln.yml `cloud:
/// local-gcp`): a bake job bakes the fixture with the real ansible-playbook, a prune job keeps one generation and
/// deprecates (not deletes) the older one an instance still boots from, and the families page shows each generation's
/// deprecation state and the one the family points at.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed partial class GceJobsTests
{
    [Fact]
    public async Task A_gcp_bake_job_and_prune_job_run_and_the_families_page_shows_deprecation_states()
    {
        var account = "g" + Guid.NewGuid().ToString("N")[..8];
        var family = $"{account}-dev-api-base";
        var dir = Fixtures.HogePlaybooksCopy($$"""
            cloud: local-gcp
            jobs:
              bake-dev-api:
                bake: {account: {{account}}, env: dev, category: api}
              prune-dev-api:
                prune: {account: {{account}}, env: dev, category: api, keep: 1}
            """);
        var db = "sqlite:" + Path.Combine(dir, "server.db");
        // The local cloud runs beside the server, as a team's would: the server's jobs use it, and the test calls
        // its Compute Engine API as another tool would.
        await using var cloud = await LocalCloudProcess.StartAsync();
        await using var serve = await ServeProcess.StartAsync(db, dir, null, new Dictionary<string, string> { ["KILN_CLOUD"] = "local-gcp" });
        var paths = KilnPaths.FromEnvironment();
        await using var history = RunStoreFactory.Open(db, paths);
        var accounts = new Accounts(new UserStore(new ServerDatabase(DatabaseLocation.Parse(db, paths)), TimeProvider.System), TimeProvider.System);
        var (_, token) = await accounts.CreateTokenAsync("admin", "test", default);
        using var client = new HttpClient { BaseAddress = serve.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var bake = await ServedRuns.StartAndEndAsync(client, history, "bake-dev-api", serve);
        var newest = bake.Run.Image!.Split(' ')[0];
        Assert.StartsWith($"{family}-", newest);

        using var gce = new HttpClient { BaseAddress = await ComputeEndpointAsync() };
        const string p = "projects/kiln-local";
        // An older generation, made straight through the API as another tool would, with an instance booted from it.
        var older = $"{family}-20200101-0000";
        (await gce.PostAsJsonAsync($"{p}/global/images", new JsonObject
        {
            ["name"] = older, ["family"] = family, ["sourceImage"] = $"{p}/global/images/{newest}",
            ["labels"] = new JsonObject { ["kiln-family"] = family },
        })).EnsureSuccessStatusCode();
        await UntilAsync(async () => (await gce.GetFromJsonAsync<JsonElement>($"{p}/global/images/{older}")).GetProperty("status").GetString() == "READY");
        var vm = $"uses-{account}";
        (await gce.PostAsJsonAsync($"{p}/zones/us-central1-a/instances", new JsonObject
        {
            ["name"] = vm, ["machineType"] = "zones/us-central1-a/machineTypes/e2-small",
            ["disks"] = new JsonArray(new JsonObject { ["boot"] = true, ["autoDelete"] = true, ["initializeParams"] = new JsonObject { ["sourceImage"] = $"{p}/global/images/{older}" } }),
        })).EnsureSuccessStatusCode();
        try
        {
            await UntilAsync(async () => (await gce.GetAsync($"{p}/zones/us-central1-a/instances/{vm}")).IsSuccessStatusCode);

            var prune = await ServedRuns.StartAndEndAsync(client, history, "prune-dev-api", serve);

            var kept = await gce.GetFromJsonAsync<JsonElement>($"{p}/global/images/{older}");
            Assert.Equal("DEPRECATED", kept.GetProperty("deprecated").GetProperty("state").GetString());
            Assert.EndsWith($"/{newest}", kept.GetProperty("deprecated").GetProperty("replacement").GetString());
            Assert.Equal("ACTIVE", (await gce.GetFromJsonAsync<JsonElement>($"{p}/global/images/{newest}")).TryGetProperty("deprecated", out var d) ? d.GetProperty("state").GetString() : "ACTIVE");

            using var web = new WebSession(serve.Address);
            await web.LoginAsync("admin", ServeProcess.AdminPassword);
            var html = await web.Http.GetStringAsync("/families");
            var section = Regex.Match(html, $"<section class=\"family\" data-family=\"{family}\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Matches($"(?s){newest}.*?data-state=\"ACTIVE\">ACTIVE.*?badge family-points", section);
            Assert.Matches($"(?s){older}.*?data-state=\"DEPRECATED\">DEPRECATED.*?→ {newest}", section);
            Assert.Equal(1, Regex.Count(section, "badge family-points"));
            Assert.Contains(older, prune.ResultJson ?? "");
        }
        finally
        {
            await gce.DeleteAsync($"{p}/zones/us-central1-a/instances/{vm}");
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(250);
        }
    }

    /// <summary>The local cloud's Compute endpoint, as `kiln local-cloud env --gcloud` prints it for this KILN_HOME.</summary>
    private static async Task<Uri> ComputeEndpointAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(ServeProcess.RepoRoot(), "kiln")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "local-cloud", "env", "--gcloud" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var compute = ComputeLine().Match(output);
        Assert.True(compute.Success, $"kiln local-cloud env --gcloud printed no Compute endpoint:\n{output}");
        return new Uri(compute.Groups[1].Value.Trim());
    }

    [GeneratedRegex("^export CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE=(.*)$", RegexOptions.Multiline)]
    private static partial Regex ComputeLine();
}
