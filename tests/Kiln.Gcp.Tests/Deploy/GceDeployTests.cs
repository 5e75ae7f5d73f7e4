using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.Deploy;
using Kiln.Gcp.Auth;
using Kiln.Gcp.Deploy;
using Kiln.Gcp.Tests.Fakes;
using Kiln.History;
using static Kiln.Gcp.Tests.Deploy.GceJson;

namespace Kiln.Gcp.Tests.Deploy;

/// <summary>The Compute Engine deploy against a fake of Google's API that answers only the calls each test declares
/// (and fails on any other): what it creates and patches, in which order, with which bodies, and what it withdraws.</summary>
public sealed class GceDeployTests : IAsyncLifetime
{
    private static readonly Family Family = Family.For("hoge", "dev", "api");
    private static readonly string Gen1 = Family.ImageNameAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly string Gen2 = Family.ImageNameAt(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
    private static readonly string T1 = GceDeployNames.Template("web", Gen1);
    private static readonly string T2 = GceDeployNames.Template("web", Gen2);
    private readonly string _db = Path.Combine(Directory.CreateTempSubdirectory("kiln-gce-deploy-").FullName, "history.db");
    private SqliteRunStore _store = null!;
    private readonly RecordingHandler _fake = new();

    public async Task InitializeAsync()
    {
        _store = new SqliteRunStore(_db);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_db)!, recursive: true);
    }

    private sealed class NoLog : IRunLog
    {
        public void AddSecret(string secret) { }
        public void Write(string stream, string text) { }
    }

    private async Task<DeployResult> RunAsync(DeployKind kind, DeployStrategy strategy, Func<DeployRequest, DeployRequest>? with = null,
        TimeSpan? healthy = null)
    {
        var spec = new CloudSpec(CloudKind.Gcp) { Project = "p", Zone = "us-central1-a" };
        using var cloud = GceCloudFactory.Create(spec, GceCloudFactory.GoogleRoot, new NoCredentials(), new GcpCloudOptions
        {
            Handler = _fake,
            Policy = new GcpPolicyOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), OperationPoll = TimeSpan.Zero },
        });
        var timings = new DeployTimings { Poll = TimeSpan.FromMilliseconds(20), Healthy = healthy ?? TimeSpan.FromSeconds(10), Drain = TimeSpan.FromSeconds(5) };
        var engine = new DeployEngine(new GceDeployProvider(cloud, timings), _store, TimeProvider.System, timings);
        var request = new DeployRequest(RunId.New(TimeProvider.System), kind, Family, "web", strategy, "test");
        return await engine.RunAsync(with is null ? request : with(request), new NoLog(), null, CancellationToken.None);
    }

    private JsonElement Body(string method, string pathEnd) =>
        JsonDocument.Parse(_fake.Seen.Last(r => r.Method == method && r.PathAndQuery.Split('?')[0].EndsWith(pathEnd, StringComparison.Ordinal)).Body).RootElement;

    private int Count(string method, string pathEnd) =>
        _fake.Seen.Count(r => r.Method == method && r.PathAndQuery.Split('?')[0].EndsWith(pathEnd, StringComparison.Ordinal));

    private void ExpectWhere() => _fake
        .Expect("GET", "projects/p", 200, GceJson.Project)
        .Expect("GET", Zone, 200, ZoneBody);

    [Fact]
    public async Task Create_makes_a_template_per_image_a_group_a_health_check_a_backend_service_and_a_forwarding_rule()
    {
        ExpectWhere();
        _fake.Expect("GET", $"{Zone}/machineTypes/e2-small", 200, """{"name":"e2-small"}""")
            .Expect("GET", $"{Zone}/instanceGroupManagers", 200, "{}")
            .Expect("GET", $"{Region}/forwardingRules", 200, "{}")
            .Expect("GET", "projects/p/global/images", 200, Images(Gen1))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T1}", 404, RecordingHandler.Error(404, "notFound", "no"))
            .Expect("POST", "projects/p/global/instanceTemplates", 200, RecordingHandler.Done("op-t", zone: null))
            .Expect("GET", "projects/p/global/healthChecks/web", 404, RecordingHandler.Error(404, "notFound", "no"))
            .Expect("POST", "projects/p/global/healthChecks", 200, RecordingHandler.Done("op-h", zone: null))
            .Expect("POST", "projects/p/global/firewalls", 200, RecordingHandler.Done("op-f", zone: null))
            .Expect("POST", $"{Zone}/instanceGroupManagers", 200, RecordingHandler.Running("op-g"))
            .Expect("POST", $"{Zone}/operations/op-g/wait", 200, RecordingHandler.Done("op-g"))
            .Expect("POST", $"{Region}/backendServices", 200, RecordingHandler.Done("op-b", zone: null))
            .Expect("GET", $"{Region}/backendServices/web", 200, Service("kiln-deploy=web", "web"))
            .Expect("POST", $"{Region}/forwardingRules", 200, RecordingHandler.Done("op-r", zone: null))
            .Expect("GET", $"{Region}/forwardingRules/web", 200, """{"name":"web","IPAddress":"203.0.113.9","portRange":"8080"}""")
            .Poll("GET", $"{Zone}/instanceGroupManagers/web", () => Group("web", 2, true, T1))
            .Poll("POST", $"{Zone}/instanceGroupManagers/web/listManagedInstances", () => Instances("web", T1, T1))
            .Poll("POST", $"{Region}/backendServices/web/getHealth", () => Healthy("web", 2));

        var result = await RunAsync(DeployKind.Create, DeployStrategy.Rolling, r => r with { Create = new CreateOptions("web", 8080, 2, 8080, null, "e2-small") });

        _fake.VerifyDone();
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(Gen1, result.Image);
        Assert.Equal(T1, result.Template);
        var template = Body("POST", "global/instanceTemplates");
        Assert.Equal(T1, template.GetProperty("name").GetString());
        var props = template.GetProperty("properties");
        Assert.Equal($"projects/p/global/images/{Gen1}", props.GetProperty("disks")[0].GetProperty("initializeParams").GetProperty("sourceImage").GetString());
        Assert.Equal("hoge-dev-api-base", props.GetProperty("labels").GetProperty("kiln-family").GetString());
        Assert.Equal(Gen1, props.GetProperty("labels").GetProperty("kiln-image").GetString());
        Assert.Equal("web", props.GetProperty("labels").GetProperty("kiln-deploy").GetString());
        Assert.Contains("python3 -m http.server 8080", props.GetProperty("metadata").GetProperty("items")[0].GetProperty("value").GetString());
        var group = Body("POST", "instanceGroupManagers");
        Assert.Equal(2, group.GetProperty("targetSize").GetInt32());
        Assert.EndsWith($"global/instanceTemplates/{T1}", group.GetProperty("instanceTemplate").GetString());
        Assert.Equal("PROACTIVE", group.GetProperty("updatePolicy").GetProperty("type").GetString());
        Assert.Equal(0, group.GetProperty("updatePolicy").GetProperty("maxUnavailable").GetProperty("fixed").GetInt32());
        Assert.EndsWith("global/healthChecks/web", group.GetProperty("autoHealingPolicies")[0].GetProperty("healthCheck").GetString());
        var service = Body("POST", "backendServices");
        Assert.Equal("TCP", service.GetProperty("protocol").GetString());
        Assert.Equal("EXTERNAL", service.GetProperty("loadBalancingScheme").GetString());
        Assert.EndsWith($"{Zone}/instanceGroups/web", service.GetProperty("backends")[0].GetProperty("group").GetString());
        Assert.Equal("kiln-deploy=web", service.GetProperty("description").GetString());
        var rule = Body("POST", "forwardingRules");
        Assert.Equal("8080", rule.GetProperty("portRange").GetString());
        Assert.False(rule.TryGetProperty("IPAddress", out _));  // real GCP: an ephemeral address
        Assert.EndsWith($"{Region}/backendServices/web", rule.GetProperty("backendService").GetString());
        var check = Body("POST", "healthChecks");
        Assert.Equal(8080, check.GetProperty("tcpHealthCheck").GetProperty("port").GetInt32());
        var run = await _store.GetRunAsync(new RunId(result.Run), CancellationToken.None);
        Assert.Equal(["check", "create-template", "create-group", "create-load-balancer", "wait-healthy"], run!.Steps.Select(x => x.Name));
        Assert.All(run.Resources, x => Assert.Equal(CleanupState.Kept, x.State));
        Assert.Contains(run.Resources, x => x.Kind == ResourceKind.InstanceGroupManager && x.Id == "web");
    }

    [Fact]
    public async Task Bad_input_is_reported_all_at_once_before_any_change()
    {
        _fake.Expect("GET", "projects/p", 200, GceJson.Project)
            .Expect("GET", Zone, 404, RecordingHandler.Error(404, "notFound", "The resource 'zone' was not found"))
            .Expect("GET", "projects/p/global/images", 200, "{}");

        var e = await Assert.ThrowsAsync<KilnInputException>(() => RunAsync(DeployKind.Create, DeployStrategy.Rolling,
            r => r with { Group = "Web_1", Create = new CreateOptions("lb", 8080, 0, 8080, null, "e2-small") }));

        _fake.VerifyDone();
        Assert.Contains(e.Problems, p => p.Contains("--group 'Web_1' is not a Compute Engine name", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("--capacity 0 must be at least 1", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("zone 'us-central1-a' is not a Compute Engine zone", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("family hoge-dev-api-base has no available image", StringComparison.Ordinal));
        Assert.All(_fake.Seen, r => Assert.Equal("GET", r.Method));
    }

    private void ExpectInService(string description = "kiln-deploy=web")
    {
        ExpectWhere();
        _fake.Expect("GET", $"{Region}/backendServices", 200, Services(Service(description, "web")))
            .Expect("GET", $"{Zone}/instanceGroupManagers", 200, Groups(Group("web", 2, true, T1)))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T1}", 200, Template(T1, Gen1));
    }

    [Fact]
    public async Task A_rolling_deploy_is_the_groups_proactive_update_with_no_instance_unavailable_and_records_the_rollback()
    {
        ExpectInService();
        var patched = 0;
        _fake.Expect("GET", "projects/p/global/images", 200, Images(Gen1, Gen2))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T2}", 404, RecordingHandler.Error(404, "notFound", "no"))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T1}", 200, Template(T1, Gen1))
            .Expect("POST", "projects/p/global/instanceTemplates", 200, RecordingHandler.Done("op-t", zone: null))
            .Expect("PATCH", $"{Zone}/instanceGroupManagers/web", 200, RecordingHandler.Done("op-p"))
            // Settles only after the patch (the fake's group replaces its instances then).
            .Poll("GET", $"{Zone}/instanceGroupManagers/web", () => Group("web", 2, Interlocked.Increment(ref patched) > 2, T2))
            .Poll("POST", $"{Zone}/instanceGroupManagers/web/listManagedInstances", () => Instances("web", T2, T2))
            .Poll("POST", $"{Region}/backendServices/web/getHealth", () => Healthy("web", 2))
            .Expect("GET", $"{Region}/backendServices/web", 200, Service("kiln-deploy=web", "web"))
            .Expect("PATCH", $"{Region}/backendServices/web", 200, RecordingHandler.Done("op-d", zone: null));

        var result = await RunAsync(DeployKind.Deploy, DeployStrategy.Rolling);

        _fake.VerifyDone();
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((Gen2, Gen1, "rolling"), (result.Image, result.PreviousImage, result.Strategy));
        var patch = Body("PATCH", "instanceGroupManagers/web");
        Assert.Single(patch.GetProperty("versions").EnumerateArray());
        Assert.EndsWith($"global/instanceTemplates/{T2}", patch.GetProperty("versions")[0].GetProperty("instanceTemplate").GetString());
        var policy = patch.GetProperty("updatePolicy");
        Assert.Equal(("PROACTIVE", "REPLACE"), (policy.GetProperty("type").GetString(), policy.GetProperty("minimalAction").GetString()));
        Assert.Equal(0, policy.GetProperty("maxUnavailable").GetProperty("fixed").GetInt32());
        Assert.Equal(1, policy.GetProperty("maxSurge").GetProperty("fixed").GetInt32());
        // The new template is blue's with another image: its network tag (the firewall rule's target) stays.
        var made = Body("POST", "global/instanceTemplates").GetProperty("properties");
        Assert.Equal("kiln-web", made.GetProperty("tags").GetProperty("items")[0].GetString());
        Assert.Equal($"projects/p/global/images/{Gen2}", made.GetProperty("disks")[0].GetProperty("initializeParams").GetProperty("sourceImage").GetString());
        var recorded = Body("PATCH", "backendServices/web");
        Assert.Equal($"kiln-deploy=web kiln-rollback=template:{T1}", recorded.GetProperty("description").GetString());
        Assert.Equal("fp-1", recorded.GetProperty("fingerprint").GetString());
        var run = await _store.GetRunAsync(new RunId(result.Run), CancellationToken.None);
        Assert.Equal(["check", "create-template", "rolling-update", "wait-healthy", "record-rollback"], run!.Steps.Select(x => x.Name));
        Assert.Contains(run.Resources, x => x.Kind == ResourceKind.GroupVersion && x.Id == $"web@{T1}" && x.State == CleanupState.Kept);
    }

    [Fact]
    public async Task A_version_never_healthy_within_the_timeout_is_withdrawn_and_the_group_serves_its_old_template()
    {
        ExpectInService();
        _fake.Expect("GET", "projects/p/global/images", 200, Images(Gen1, Gen2))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T2}", 404, RecordingHandler.Error(404, "notFound", "no"))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T1}", 200, Template(T1, Gen1))
            .Expect("POST", "projects/p/global/instanceTemplates", 200, RecordingHandler.Done("op-t", zone: null))
            .Expect("PATCH", $"{Zone}/instanceGroupManagers/web", 200, RecordingHandler.Done("op-p1"))
            .Expect("PATCH", $"{Zone}/instanceGroupManagers/web", 200, RecordingHandler.Done("op-p2"))
            // Never stable while the new template is its version; stable on T1 once withdrawn.
            .Poll("GET", $"{Zone}/instanceGroupManagers/web", () => Count("PATCH", "instanceGroupManagers/web") < 2 ? Group("web", 2, false, T2) : Group("web", 2, true, T1))
            .Poll("POST", $"{Zone}/instanceGroupManagers/web/listManagedInstances", () => Instances("web", T1, T1))
            .Poll("POST", $"{Region}/backendServices/web/getHealth", () => Healthy("web", 2))
            .Expect("DELETE", $"projects/p/global/instanceTemplates/{T2}", 200, RecordingHandler.Done("op-x", zone: null));

        var result = await RunAsync(DeployKind.Deploy, DeployStrategy.Rolling, healthy: TimeSpan.FromMilliseconds(300));

        _fake.VerifyDone();
        Assert.Equal(RunOutcome.Failed, result.Outcome);
        Assert.Contains("not within", result.Error);
        Assert.Equal(Gen1, result.Image);  // what serves
        var back = Body("PATCH", "instanceGroupManagers/web");
        Assert.EndsWith($"global/instanceTemplates/{T1}", back.GetProperty("versions")[0].GetProperty("instanceTemplate").GetString());
        Assert.Equal(0, Count("PATCH", "backendServices/web"));  // no rollback recorded: nothing changed
        var run = await _store.GetRunAsync(new RunId(result.Run), CancellationToken.None);
        Assert.Contains(run!.Resources, x => x.Kind == ResourceKind.InstanceTemplate && x.Id == T2 && x.State == CleanupState.Cleaned);
        Assert.Contains(run.Resources, x => x.Kind == ResourceKind.GroupVersion && x.Id == $"web@{T1}" && x.State == CleanupState.Cleaned);
    }

    [Fact]
    public async Task Gc_puts_a_group_a_dead_run_was_moving_back_on_the_template_it_ran_before()
    {
        _fake.Expect("GET", $"{Zone}/instanceGroupManagers/web", 200, Group("web", 2, false, T2))
            .Expect("PATCH", $"{Zone}/instanceGroupManagers/web", 200, RecordingHandler.Done("op-p"))
            .Expect("GET", $"{Zone}/instanceGroupManagers/gone", 404, RecordingHandler.Error(404, "notFound", "no"));
        var spec = new CloudSpec(CloudKind.Gcp) { Project = "p", Zone = "us-central1-a" };
        using var cloud = GceCloudFactory.Create(spec, GceCloudFactory.GoogleRoot, new NoCredentials(), new GcpCloudOptions { Handler = _fake });

        await cloud.RemoveTemporaryAsync(ResourceKind.GroupVersion, $"web@{T1}", CancellationToken.None);
        await cloud.RemoveTemporaryAsync(ResourceKind.GroupVersion, $"gone@{T1}", CancellationToken.None);  // absent is success

        _fake.VerifyDone();
        var patch = Body("PATCH", "instanceGroupManagers/web");
        Assert.EndsWith($"global/instanceTemplates/{T1}", patch.GetProperty("versions")[0].GetProperty("instanceTemplate").GetString());
        Assert.Equal(0, patch.GetProperty("updatePolicy").GetProperty("maxUnavailable").GetProperty("fixed").GetInt32());
    }

    [Fact]
    public async Task A_canary_gives_the_group_two_versions_the_new_one_on_its_share()
    {
        ExpectInService();
        _fake.Expect("GET", "projects/p/global/images", 200, Images(Gen1, Gen2))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T2}", 404, RecordingHandler.Error(404, "notFound", "no"))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T1}", 200, Template(T1, Gen1))
            .Expect("POST", "projects/p/global/instanceTemplates", 200, RecordingHandler.Done("op-t", zone: null))
            .Expect("PATCH", $"{Zone}/instanceGroupManagers/web", 200, RecordingHandler.Done("op-p"))
            .Poll("GET", $"{Zone}/instanceGroupManagers/web", () => Group("web", 2, true, T1, T2))
            .Poll("POST", $"{Zone}/instanceGroupManagers/web/listManagedInstances", () => Instances("web", T2, T1))
            .Poll("POST", $"{Region}/backendServices/web/getHealth", () => Healthy("web", 2));

        var result = await RunAsync(DeployKind.Deploy, DeployStrategy.Canary, r => r with { CanaryPercent = 20 });

        _fake.VerifyDone();
        Assert.True(result.Succeeded, result.Error);
        var versions = Body("PATCH", "instanceGroupManagers/web").GetProperty("versions");
        Assert.Equal(2, versions.GetArrayLength());
        Assert.EndsWith(T1, versions[0].GetProperty("instanceTemplate").GetString());
        Assert.False(versions[0].TryGetProperty("targetSize", out _));
        Assert.EndsWith(T2, versions[1].GetProperty("instanceTemplate").GetString());
        Assert.Equal(20, versions[1].GetProperty("targetSize").GetProperty("percent").GetInt32());
        Assert.Equal(0, Count("PATCH", "backendServices/web"));  // a rollback withdraws the canary; the last finished deploy stays on record
    }

    [Fact]
    public async Task A_rollback_goes_back_to_the_template_the_last_deploy_replaced()
    {
        ExpectWhere();
        _fake.Expect("GET", $"{Region}/backendServices", 200, Services(Service($"kiln-deploy=web kiln-rollback=template:{T1}", "web")))
            .Expect("GET", $"{Zone}/instanceGroupManagers", 200, Groups(Group("web", 2, true, T2)))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T2}", 200, Template(T2, Gen2))
            .Expect("GET", $"projects/p/global/instanceTemplates/{T1}", 200, Template(T1, Gen1))
            .Expect("GET", $"projects/p/global/images/{Gen1}", 200, Image(Gen1))
            .Expect("PATCH", $"{Zone}/instanceGroupManagers/web", 200, RecordingHandler.Done("op-p"))
            .Poll("GET", $"{Zone}/instanceGroupManagers/web", () => Group("web", 2, true, T1))
            .Poll("POST", $"{Zone}/instanceGroupManagers/web/listManagedInstances", () => Instances("web", T1, T1))
            .Poll("POST", $"{Region}/backendServices/web/getHealth", () => Healthy("web", 2))
            .Expect("GET", $"{Region}/backendServices/web", 200, Service($"kiln-deploy=web kiln-rollback=template:{T1}", "web"))
            .Expect("PATCH", $"{Region}/backendServices/web", 200, RecordingHandler.Done("op-d", zone: null));

        var result = await RunAsync(DeployKind.Rollback, DeployStrategy.BlueGreen);

        _fake.VerifyDone();
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((Gen1, Gen2, "rolling"), (result.Image, result.PreviousImage, result.Strategy));
        Assert.EndsWith(T1, Body("PATCH", "instanceGroupManagers/web").GetProperty("versions")[0].GetProperty("instanceTemplate").GetString());
        Assert.Equal($"kiln-deploy=web kiln-rollback=template:{T2}", Body("PATCH", "backendServices/web").GetProperty("description").GetString());
    }
}
