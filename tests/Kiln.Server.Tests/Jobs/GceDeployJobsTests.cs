using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Runs;
using Kiln.Gcp;
using Kiln.Gcp.Auth;
using Kiln.History;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Jobs;

/// <summary>A real `kiln serve` on the local cloud's Compute Engine: a bake chains a deploy that creates a managed
/// instance group behind a forwarding rule, a second bake chains a rolling update onto its image, and a rollback job
/// puts the first image back; the forwarding rule answers with the image each time.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class GceDeployJobsTests
{
    [Fact]
    public async Task Bake_then_deploy_jobs_create_and_update_a_group_and_a_rollback_job_puts_the_first_image_back()
    {
        var account = "d" + Guid.NewGuid().ToString("N")[..8];
        var family = $"{account}-dev-api-base";
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var group = $"web-{account}";
        var dir = Fixtures.HogePlaybooksCopy($$$"""
            cloud: local-gcp
            jobs:
              bake-1:
                bake: {account: {{{account}}}, env: dev, category: api}
                then: create
              create:
                deploy: {family: {{{family}}}, group: {{{group}}}, create: {lb: lb-{{{account}}}:{{{port}}}, capacity: 1}, timeout: 120}
              bake-2:
                bake: {account: {{{account}}}, env: dev, category: api, extra_vars: {rev: "2"}}
                then: update
              update:
                deploy: {family: {{{family}}}, group: {{{group}}}, strategy: rolling, timeout: 120}
              back:
                rollback: {family: {{{family}}}, group: {{{group}}}}
            """);
        var db = "sqlite:" + Path.Combine(dir, "server.db");
        await using var cloud = await LocalCloudProcess.StartAsync();
        await using var serve = await ServeProcess.StartAsync(db, dir, null, new Dictionary<string, string> { ["KILN_CLOUD"] = "local-gcp" });
        var paths = KilnPaths.FromEnvironment();
        await using var history = RunStoreFactory.Open(db, paths);
        var accounts = new Accounts(new UserStore(new ServerDatabase(DatabaseLocation.Parse(db, paths)), TimeProvider.System), TimeProvider.System);
        var (_, token) = await accounts.CreateTokenAsync("admin", "test", default);
        using var client = new HttpClient { BaseAddress = serve.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var lb = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        async Task<string> Serving() => (await lb.GetStringAsync($"http://127.0.0.1:{port}/")).Trim();

        try { await BakeDeployAndRollBackAsync(); }
        finally { await RemoveDeployAsync(cloud.Endpoint, group, $"lb-{account}"); }

        async Task BakeDeployAndRollBackAsync()
        {
            var first = await ServedRuns.StartAndEndAsync(client, history, "bake-1", serve);
            var firstImage = ImageName(first);
            var created = await ChainedAsync(history, first, "create", serve);
            Assert.Equal(firstImage, await Serving());
            Assert.Contains("\"kind\":\"create\"", created.ResultJson);
            await GroupsPageShowsAsync(client, group, Kiln.Gcp.Deploy.GceDeployNames.Template(group, firstImage), firstImage);

            // Image names carry the minute: the family's next generation is named in the next one.
            await UntilTheMinuteAfterAsync(firstImage);
            var second = await ServedRuns.StartAndEndAsync(client, history, "bake-2", serve);
            var secondImage = ImageName(second);
            Assert.NotEqual(firstImage, secondImage);
            var updated = await ChainedAsync(history, second, "update", serve);
            Assert.Equal(secondImage, await Serving());
            Assert.Contains("\"strategy\":\"rolling\"", updated.ResultJson);
            Assert.NotEmpty(updated.Steps);
            await GroupsPageShowsAsync(client, group, Kiln.Gcp.Deploy.GceDeployNames.Template(group, secondImage), secondImage);

            var back = await ServedRuns.StartAndEndAsync(client, history, "back", serve);
            Assert.Equal(firstImage, await Serving());
            Assert.Contains("\"kind\":\"rollback\"", back.ResultJson);
        }
    }

    /// <summary>What the deploy made, removed through the Compute API (the suite's later servers share this local
    /// cloud and would keep the group's instance running): rule, service, group, health check, templates, firewall.</summary>
    private static async Task RemoveDeployAsync(Uri endpoint, string group, string lb)
    {
        var ct = CancellationToken.None;
        using var gce = GceCloudFactory.Create(new CloudSpec(CloudKind.LocalGcp) { Project = GceDefaults.LocalProject, Zone = GceDefaults.LocalZone },
            new Uri(endpoint, "compute/v1/"), new NoCredentials());
        var project = GceDefaults.LocalProject;
        var templates = (await gce.Api.ListInstanceTemplatesAsync(project, ct)).Where(t => t.Name.StartsWith(group + "-", StringComparison.Ordinal));
        var firewalls = (await gce.Api.ListFirewallsAsync(project, null, ct)).Where(f => f.Name.Contains(group, StringComparison.Ordinal));
        var made = new List<(ResourceKind, string)>
        {
            (ResourceKind.ForwardingRule, lb), (ResourceKind.BackendService, lb), (ResourceKind.InstanceGroupManager, group),
            (ResourceKind.HealthCheck, lb),
        };
        made.AddRange(templates.Select(t => (ResourceKind.InstanceTemplate, t.Name)));
        made.AddRange(firewalls.Select(f => (ResourceKind.Firewall, f.Name)));
        foreach (var (kind, id) in made)
            for (var attempt = 1; ; attempt++)
            {
                try { await gce.RemoveTemporaryAsync(kind, id, ct); break; }
                catch (Exception) when (attempt < 20) { await Task.Delay(500, ct); } // in use until what used it is gone
            }
    }

    /// <summary>The groups page shows the group in service with one version (its template and image, target size 1),
    /// one running instance, and the backend service's health: 1 healthy of 1. The families page names it beside the image.</summary>
    private static async Task GroupsPageShowsAsync(HttpClient client, string group, string template, string image)
    {
        var html = await client.GetStringAsync("/groups");
        var section = Regex.Match(html, $"<section class=\"deploy-group\" data-group=\"{group}\">(.*?)</section>", RegexOptions.Singleline);
        Assert.True(section.Success, html);
        var row = Regex.Match(section.Value, $"<tr class=\"member\" data-member=\"{group}\" data-in-service=\"true\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, section.Value);
        var versions = Regex.Matches(row.Value, "<div class=\"version\" data-image=\"([^\"]*)\" data-target=\"(\\d+)\"><span class=\"mono\">([^<]*)</span>")
            .Select(m => (m.Groups[3].Value, m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal([(template, image, "1")], versions);
        Assert.Contains("data-target=\"1\" data-running=\"1\">1 / 1</td>", row.Value);
        Assert.Contains("data-healthy=\"1\" data-total=\"1\">1 / 1</td>", row.Value);
        Assert.Contains($"<span class=\"group\">{group}: {image}</span>", await client.GetStringAsync("/families"));
    }

    private static string ImageName(RunDetails bake) => bake.Run.Image!.Split(' ')[^1];

    /// <summary>The run `then:` started after <paramref name="previous"/>.</summary>
    private static async Task<RunDetails> ChainedAsync(IRunStore history, RunDetails previous, string job, ServeProcess serve)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var runs = await history.ListRunsAsync(new RunQuery(Limit: 50), default);
            if (runs.FirstOrDefault(r => r.Job == job && r.Started >= previous.Run.Started) is { } run)
                return await ServedRuns.SucceededAsync(history, run.Id, job, serve);
            Assert.True(DateTime.UtcNow < deadline, $"{job} did not start after {previous.Run.Id}\n{serve.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the minute after the one an image's name carries (…-YYYYMMDD-HHMM).</summary>
    private static async Task UntilTheMinuteAfterAsync(string imageName)
    {
        var stamp = DateTime.ParseExact(imageName[^13..], "yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
        var wait = stamp.AddMinutes(1) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromMilliseconds(200));
    }
}
