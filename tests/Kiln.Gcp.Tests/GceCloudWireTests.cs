using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Gcp.Auth;
using Kiln.Gcp.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Gcp.Tests;

/// <summary>The requests the Compute Engine adapter sends (auth header, paths, bodies) and its retries, against a
/// recording fake of Google's API that fails on any call it did not expect.</summary>
public sealed class GceCloudWireTests
{
    private static CancellationToken Ct => CancellationToken.None;

    private sealed class StaticToken(string token) : IAccessTokenSource
    {
        public int Asked;
        public ValueTask<string?> TokenAsync(CancellationToken ct) { Asked++; return ValueTask.FromResult<string?>(token); }
    }

    private static (GceCloud Cloud, RecordingHandler Fake, StaticToken Token) Make(TimeProvider? clock = null, TimeSpan? stateTimeout = null)
    {
        var fake = new RecordingHandler();
        var token = new StaticToken("ya29.test-token");
        var spec = new CloudSpec(CloudKind.Gcp) { Project = "p", Zone = "us-central1-a", StateTimeout = stateTimeout };
        var options = new GcpCloudOptions
        {
            Handler = fake, Clock = clock ?? TimeProvider.System,
            Policy = new GcpPolicyOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), OperationPoll = TimeSpan.Zero },
        };
        return (GceCloudFactory.Create(spec, GceCloudFactory.GoogleRoot, token, options), fake, token);
    }

    [Fact]
    public async Task Every_call_carries_the_bearer_token_and_a_launch_sends_googlecomputes_instance()
    {
        var (cloud, fake, _) = Make();
        fake.Expect("POST", "projects/p/zones/us-central1-a/instances", 200, RecordingHandler.Running("op-1"))
            .Expect("POST", "projects/p/zones/us-central1-a/operations/op-1/wait", 200, RecordingHandler.Done("op-1"));
        var run = new RunId("kiln-20261204-010000-ab12");
        var credential = new SshCredential(run.Value, "ec2-user", "PRIVATE", "ssh-ed25519 AAAAC3Nz ec2-user", null);
        var launched = await cloud.LaunchAsync(new InstanceRequest(new ImageId("projects/debian-cloud/global/images/debian-12-x"), "e2-small",
            credential, new SshRuleId($"{run}-ssh"), KilnTags.ForTemporary(run), new RootVolume("boot", 20, "pd-ssd")) { Name = run.Value }, Ct);

        fake.VerifyDone();
        Assert.Equal(new InstanceId(run.Value), launched.Id);
        Assert.Equal([new TemporaryResource(ResourceKind.Disk, run.Value, null)], launched.AlsoMade);
        Assert.All(fake.Seen, r => Assert.Equal("Bearer ya29.test-token", r.Authorization));
        var body = JsonDocument.Parse(fake.Seen[0].Body).RootElement;
        Assert.Equal("zones/us-central1-a/machineTypes/e2-small", body.GetProperty("machineType").GetString());
        var disk = body.GetProperty("disks")[0];
        Assert.False(disk.GetProperty("autoDelete").GetBoolean());
        Assert.True(disk.GetProperty("boot").GetBoolean());
        Assert.Equal("20", disk.GetProperty("initializeParams").GetProperty("diskSizeGb").GetString());
        Assert.Equal("projects/debian-cloud/global/images/debian-12-x", disk.GetProperty("initializeParams").GetProperty("sourceImage").GetString());
        Assert.Equal("zones/us-central1-a/diskTypes/pd-ssd", disk.GetProperty("initializeParams").GetProperty("diskType").GetString());
        Assert.Equal("ssh-keys", body.GetProperty("metadata").GetProperty("items")[0].GetProperty("key").GetString());
        Assert.Equal("ec2-user:ssh-ed25519 AAAAC3Nz ec2-user", body.GetProperty("metadata").GetProperty("items")[0].GetProperty("value").GetString());
        Assert.Equal($"{run}-ssh", body.GetProperty("tags").GetProperty("items")[0].GetString());
        Assert.Equal("true", body.GetProperty("labels").GetProperty("kiln-temporary").GetString());
        Assert.Equal(run.Value, body.GetProperty("labels").GetProperty("kiln-run-id").GetString());
        Assert.DoesNotContain("PRIVATE", fake.Seen[0].Body);
    }

    [Fact]
    public async Task The_ssh_rule_opens_tcp_22_to_the_caller_only_for_the_instances_tag()
    {
        var (cloud, fake, _) = Make();
        fake.Expect("POST", "projects/p/global/firewalls", 200, RecordingHandler.Done("op-fw", zone: null))
            .Expect("DELETE", "projects/p/global/firewalls/kiln-r1-ssh", 404, RecordingHandler.Error(404, "notFound", "The resource 'kiln-r1-ssh' was not found"));
        var id = await cloud.OpenSshAsync(new SshRuleRequest(new RunId("kiln-r1"), "203.0.113.7/32", 22, KilnTags.ForTemporary(new RunId("kiln-r1"))), Ct);
        await cloud.CloseSshAsync(id, Ct);  // absent is success

        fake.VerifyDone();
        var body = JsonDocument.Parse(fake.Seen[0].Body).RootElement;
        Assert.Equal("kiln-r1-ssh", body.GetProperty("name").GetString());
        Assert.Equal("tcp", body.GetProperty("allowed")[0].GetProperty("IPProtocol").GetString());
        Assert.Equal("22", body.GetProperty("allowed")[0].GetProperty("ports")[0].GetString());
        Assert.Equal(["203.0.113.7/32"], body.GetProperty("sourceRanges").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["kiln-r1-ssh"], body.GetProperty("targetTags").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith(GceCloud.FirewallMark, body.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData(429, "rateLimitExceeded")]
    [InlineData(403, "rateLimitExceeded")]
    [InlineData(403, "userRateLimitExceeded")]
    [InlineData(500, "backendError")]
    [InlineData(503, "backendError")]
    public async Task Throttling_and_server_errors_are_retried_with_a_fresh_token(int status, string reason)
    {
        var (cloud, fake, token) = Make();
        fake.Expect("GET", "projects/p/global/images/family/hoge-dev-api-base", status, RecordingHandler.Error(status, reason, "slow down"))
            .Expect("GET", "projects/p/global/images/family/hoge-dev-api-base", status, RecordingHandler.Error(status, reason, "slow down"))
            .Expect("GET", "projects/p/global/images/family/hoge-dev-api-base", 200,
                """{"name":"hoge-dev-api-base-20261204-0100","status":"READY","family":"hoge-dev-api-base","creationTimestamp":"2026-12-04T01:00:00.000-08:00","selfLink":"https://compute.googleapis.com/compute/v1/projects/p/global/images/hoge-dev-api-base-20261204-0100","labels":{"kiln-run-id":"kiln-r1"}}""");
        var image = await cloud.GetFromFamilyAsync("hoge-dev-api-base", null, Ct);

        fake.VerifyDone();
        Assert.Equal(new ImageId("hoge-dev-api-base-20261204-0100"), image!.Id);
        Assert.Equal(ImageState.Available, image.State);
        Assert.Equal("kiln-r1", image.Tags[KilnTags.RunId]);
        Assert.Equal(3, token.Asked);
    }

    [Theory]
    [InlineData(400, "invalid")]
    [InlineData(403, "forbidden")]
    [InlineData(409, "alreadyExists")]
    public async Task Other_errors_are_not_retried_and_keep_googles_reason(int status, string reason)
    {
        var (cloud, fake, _) = Make();
        fake.Expect("POST", "projects/p/global/firewalls", status, RecordingHandler.Error(status, reason, "no"));
        var e = await Assert.ThrowsAsync<CloudException>(() =>
            cloud.OpenSshAsync(new SshRuleRequest(new RunId("kiln-r1"), "127.0.0.1/32", 22, new Dictionary<string, string>()), Ct));
        fake.VerifyDone();
        Assert.Equal(reason, e.Code);
        Assert.Equal(status, e.StatusCode);
    }

    [Fact]
    public async Task A_failed_operation_is_an_error_naming_its_reason()
    {
        var (cloud, fake, _) = Make();
        fake.Expect("POST", "projects/p/global/images", 200, RecordingHandler.Running("op-img", zone: null))
            .Expect("POST", "projects/p/global/operations/op-img/wait", 200,
                """{"name":"op-img","status":"DONE","operationType":"insert","error":{"errors":[{"code":"RESOURCE_IN_USE_BY_ANOTHER_RESOURCE","message":"disk in use"}]}}""");
        var e = await Assert.ThrowsAsync<CloudException>(() => cloud.CreateImageFromDiskAsync(new DiskId("d"),
            new ImageFromDisk("hoge-dev-api-base-20261204-0100", "hoge-dev-api-base", "x", new Dictionary<string, string> { [KilnTags.Family] = "hoge-dev-api-base" }), Ct));
        fake.VerifyDone();
        Assert.Equal("RESOURCE_IN_USE_BY_ANOTHER_RESOURCE", e.Code);
        var body = JsonDocument.Parse(fake.Seen[0].Body).RootElement;
        Assert.Equal("projects/p/zones/us-central1-a/disks/d", body.GetProperty("sourceDisk").GetString());
        Assert.Equal("hoge-dev-api-base", body.GetProperty("family").GetString());
        Assert.Equal("hoge-dev-api-base", body.GetProperty("labels").GetProperty("kiln-family").GetString());
    }

    [Fact]
    public async Task Deprecation_names_the_replacement_by_its_url()
    {
        var (cloud, fake, _) = Make();
        fake.Expect("POST", "projects/p/global/images/old/deprecate", 200, RecordingHandler.Done("op-d", zone: null));
        await cloud.DeprecateAsync(new ImageId("old"), new ImageId("new"), Ct);
        fake.VerifyDone();
        var body = JsonDocument.Parse(fake.Seen[0].Body).RootElement;
        Assert.Equal("DEPRECATED", body.GetProperty("state").GetString());
        Assert.Equal("https://compute.googleapis.com/compute/v1/projects/p/global/images/new", body.GetProperty("replacement").GetString());
    }

    [Fact]
    public async Task An_unknown_zone_or_machine_type_is_named_before_anything_is_made()
    {
        var (cloud, fake, _) = Make();
        fake.Expect("GET", "projects/p", 200, """{"name":"p"}""")
            .Expect("GET", "projects/p/zones/us-central1-a", 200, """{"name":"us-central1-a","status":"UP"}""")
            .Expect("GET", "projects/p/zones/us-central1-a/machineTypes/t2.nano", 404, RecordingHandler.Error(404, "notFound", "The resource was not found"));
        var problems = await cloud.LaunchProblemsAsync("t2.nano", Ct);
        fake.VerifyDone();
        Assert.Contains(problems, p => p.Contains("machine type 't2.nano'", StringComparison.Ordinal));
        Assert.All(fake.Seen, r => Assert.Equal("GET", r.Method));
    }

    /// <summary>googlecompute's state_timeout (CloudSpec.StateTimeout) bounds the wait on each Compute Engine operation.</summary>
    [Theory]
    [InlineData(30, 4)]
    [InlineData(null, 91)]
    public async Task An_instance_operation_that_never_ends_fails_once_state_timeout_has_passed(int? stateTimeoutSeconds, int expectedWaits)
    {
        var clock = new FakeTimeProvider();
        var (cloud, fake, _) = Make(clock, stateTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
        var waits = 0;
        fake.Expect("POST", "projects/p/zones/us-central1-a/instances", 200, RecordingHandler.Running("op-1"))
            .Poll("POST", "projects/p/zones/us-central1-a/operations/op-1/wait", () =>
            {
                // Each operations.wait answers after 10 s, the operation still running.
                waits++;
                clock.Advance(TimeSpan.FromSeconds(10));
                return RecordingHandler.Running("op-1");
            });
        var run = new RunId("kiln-20261204-010000-ab12");
        var credential = new SshCredential(run.Value, "ec2-user", "PRIVATE", "ssh-ed25519 AAAAC3Nz ec2-user", null);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => cloud.LaunchAsync(new InstanceRequest(
            new ImageId("projects/debian-cloud/global/images/debian-12-x"), "e2-small", credential, new SshRuleId($"{run}-ssh"),
            KilnTags.ForTemporary(run), new RootVolume("boot", 20, "pd-ssd")) { Name = run.Value }, Ct));

        // 30 s: waits end at 10, 20, 30 and 40 s, and the 40 s mark is past the deadline; unset, Kiln's 15 minutes.
        Assert.Equal(expectedWaits, waits);
        Assert.Contains(stateTimeoutSeconds is null ? "00:15:00" : "00:00:30", error.Message);
        fake.VerifyDone();
    }
}
