using System.Text.Json;
using Kiln.LocalCloud.Tests.Integration;
using Xunit.Abstractions;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>A group behind an external passthrough load balancer, made and updated with gcloud: health checks probe
/// for real, the forwarding rule's listener sends each connection to a healthy instance, and a canary then a full
/// rolling update drop no request.</summary>
[Collection(GceGroupsCollection.Name)]
public sealed class GcloudLoadBalancingTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    private static readonly string[] Zone = ["--zone", "us-central1-a"];
    private static readonly string[] Region = ["--region", "us-central1"];

    [Fact]
    public async Task A_canary_then_a_rolling_update_behind_a_forwarding_rule_drop_no_request()
    {
        using var gcloud = new Gcloud(cloud.Server);
        await gcloud.JsonAsync("compute", "firewall-rules", "create", "gl-allow-web", "--allow", $"tcp:{WebStartup.Port}");
        foreach (var t in new[] { "gl-tpl-a", "gl-tpl-b" })
            await gcloud.JsonAsync("compute", "instance-templates", "create", t, "--image-family", "debian-12", "--image-project", "debian-cloud",
                "--metadata-from-file", $"startup-script={WebStartup.Write(gcloud.Home)}");
        await gcloud.JsonAsync("compute", "health-checks", "create", "http", "gl-hc", "--port", $"{WebStartup.Port}", "--request-path", "/",
            "--check-interval", "1s", "--timeout", "1s", "--healthy-threshold", "1", "--unhealthy-threshold", "2");
        await gcloud.JsonAsync(["compute", "instance-groups", "managed", "create", "gl-web", "--template", "gl-tpl-a", "--size", "2",
            "--health-check", "gl-hc", "--initial-delay", "60", .. Zone]);
        await GcloudGroupsTests.StableAsync(gcloud, "gl-web");

        await gcloud.JsonAsync(["compute", "backend-services", "create", "gl-bs", "--load-balancing-scheme", "EXTERNAL", "--protocol", "TCP",
            "--health-checks", "gl-hc", "--global-health-checks", "--connection-draining-timeout", "10", .. Region]);
        await gcloud.JsonAsync(["compute", "backend-services", "add-backend", "gl-bs", "--instance-group", "gl-web",
            "--instance-group-zone", "us-central1-a", .. Region]);
        await gcloud.JsonAsync(["compute", "forwarding-rules", "create", "gl-fr", "--load-balancing-scheme", "EXTERNAL", "--ports", $"{WebStartup.Port}",
            "--backend-service", "gl-bs", .. Region]);
        var rule = await gcloud.JsonAsync(["compute", "forwarding-rules", "describe", "gl-fr", .. Region]);
        var ip = rule.GetProperty("IPAddress").GetString()!;
        Assert.StartsWith("127.", ip);
        using var api = new GceHttp(cloud.Server);
        await BothHealthyAsync(gcloud, api);

        await using (var loop = new RequestLoop(ip, WebStartup.Port))
        {
            // A canary: one instance of two from template b.
            await gcloud.JsonAsync(["compute", "instance-groups", "managed", "rolling-action", "start-update", "gl-web", "--version", "template=gl-tpl-a",
                "--canary-version", "template=gl-tpl-b,target-size=1", "--max-surge", "1", "--max-unavailable", "0", .. Zone]);
            await GcloudGroupsTests.StableAsync(gcloud, "gl-web");
            var templates = (await gcloud.JsonAsync(["compute", "instance-groups", "managed", "list-instances", "gl-web", .. Zone])).EnumerateArray()
                .Select(m => m.GetProperty("version").GetProperty("instanceTemplate").GetString()!.Split('/')[^1]).Order().ToList();
            Assert.Equal(["gl-tpl-a", "gl-tpl-b"], templates);

            // Then all of it, one at a time, each new instance healthy before an old one goes.
            await gcloud.JsonAsync(["compute", "instance-groups", "managed", "rolling-action", "start-update", "gl-web", "--version", "template=gl-tpl-b",
                "--max-surge", "1", "--max-unavailable", "0", .. Zone]);
            await GcloudGroupsTests.StableAsync(gcloud, "gl-web");
            var group = await gcloud.JsonAsync(["compute", "instance-groups", "managed", "describe", "gl-web", .. Zone]);
            Assert.True(group.GetProperty("status").GetProperty("versionTarget").GetProperty("isReached").GetBoolean());
            await BothHealthyAsync(gcloud, api);
            await Task.Delay(1000);
            output.WriteLine($"{loop.Answers.Count} requests answered, {loop.Failures.Count} failed: {string.Join("; ", loop.Failures.Take(5))}");
            Assert.Empty(loop.Failures);
            Assert.True(loop.Answers.Count >= 100, $"only {loop.Answers.Count} requests");
            Assert.Contains(loop.Answers, a => a.EndsWith("/gl-tpl-a", StringComparison.Ordinal));
            Assert.EndsWith("/gl-tpl-b", loop.Answers.Last());
        }

        await gcloud.JsonAsync(["compute", "forwarding-rules", "delete", "gl-fr", .. Region]);
        await gcloud.JsonAsync(["compute", "backend-services", "delete", "gl-bs", .. Region]);
        await gcloud.JsonAsync(["compute", "instance-groups", "managed", "delete", "gl-web", .. Zone]);
        await gcloud.JsonAsync("compute", "instance-templates", "delete", "gl-tpl-a", "gl-tpl-b");
        await gcloud.JsonAsync("compute", "health-checks", "delete", "gl-hc");
        await gcloud.JsonAsync("compute", "firewall-rules", "delete", "gl-allow-web");
    }

    /// <summary>Waits on the API (a gcloud process per poll is seconds of CPU), then gcloud's get-health says it too.</summary>
    private static async Task BothHealthyAsync(Gcloud gcloud, GceHttp api)
    {
        await GcloudGroupsTests.WaitAsync(async () => GceHttp.Ok(await api.PostAsync("projects/kiln-local/regions/us-central1/backendServices/gl-bs/getHealth",
                new { group = "projects/kiln-local/zones/us-central1-a/instanceGroups/gl-web" })).GetProperty("healthStatus").EnumerateArray()
            .Count(h => h.GetProperty("healthState").GetString() == "HEALTHY") == 2);
        Assert.Equal(2, HealthStates(await gcloud.JsonAsync(["compute", "backend-services", "get-health", "gl-bs", .. Region])).Count(s => s == "HEALTHY"));
    }

    private static IEnumerable<string> HealthStates(JsonElement health) => health.ValueKind != JsonValueKind.Array ? [] :
        health.EnumerateArray().SelectMany(h => h.TryGetProperty("status", out var s) && s.TryGetProperty("healthStatus", out var list)
            ? list.EnumerateArray().Select(x => x.GetProperty("healthState").GetString()!) : []);
}
