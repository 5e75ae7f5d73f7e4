using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Gcp.Auth;
using Kiln.Gcp.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Gcp.Tests;

/// <summary>googlecompute's state_timeout (CloudSpec.StateTimeout) bounds the wait on each Compute Engine operation.</summary>
public sealed class StateTimeoutTests
{
    private sealed class NoToken : IAccessTokenSource
    {
        public ValueTask<string?> TokenAsync(CancellationToken ct) => ValueTask.FromResult<string?>("t");
    }

    [Theory]
    [InlineData(30, 4)]
    [InlineData(null, 91)]
    public async Task An_instance_operation_that_never_ends_fails_once_state_timeout_has_passed(int? stateTimeoutSeconds, int expectedWaits)
    {
        var clock = new FakeTimeProvider();
        var fake = new RecordingHandler();
        var waits = 0;
        fake.Expect("POST", "projects/p/zones/us-central1-a/instances", 200, RecordingHandler.Running("op-1"))
            .Poll("POST", "projects/p/zones/us-central1-a/operations/op-1/wait", () =>
            {
                // Each operations.wait answers after 10 s, the operation still running.
                waits++;
                clock.Advance(TimeSpan.FromSeconds(10));
                return RecordingHandler.Running("op-1");
            });
        var spec = new CloudSpec(CloudKind.Gcp) { Project = "p", Zone = "us-central1-a", StateTimeout = stateTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null };
        var options = new GcpCloudOptions { Handler = fake, Clock = clock, Policy = new GcpPolicyOptions { OperationPoll = TimeSpan.Zero } };
        var cloud = GceCloudFactory.Create(spec, GceCloudFactory.GoogleRoot, new NoToken(), options);
        var run = new RunId("kiln-20261204-010000-ab12");
        var credential = new SshCredential(run.Value, "ec2-user", "PRIVATE", "ssh-ed25519 AAAAC3Nz ec2-user", null);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => cloud.LaunchAsync(new InstanceRequest(
            new ImageId("projects/debian-cloud/global/images/debian-12-x"), "e2-small", credential, new SshRuleId($"{run}-ssh"),
            KilnTags.ForTemporary(run), new RootVolume("boot", 20, "pd-ssd")) { Name = run.Value }, CancellationToken.None));

        // 30 s: waits end at 10, 20, 30 and 40 s, and the 40 s mark is past the deadline; without it, Kiln's 15 minutes.
        Assert.Equal(expectedWaits, waits);
        Assert.Contains(stateTimeoutSeconds is null ? "00:15:00" : "00:00:30", error.Message);
        fake.VerifyDone();
    }
}
