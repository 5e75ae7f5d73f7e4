using Kiln.Aws.Tests.Fakes;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

/// <summary>Retries happen inside one call, on the injected clock: throttling backs off, NotFound is retried only for
/// ids this cloud just created, NotFound on delete is success.</summary>
public sealed class RetryTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Dictionary<string, string> Tags = new() { ["kiln:run-id"] = "r1" };

    private static string RunInstancesXml(string id) =>
        $"<reservationId>r-1</reservationId><instancesSet>{Ec2Xml.Instance(id, "pending")}</instancesSet>";

    private static InstanceRequest Request => new(new ImageId("ami-1"), "t2.nano", Ec2WireTests.KeyPair("k"), new SshRuleId("sg-1"), Tags);

    [Fact]
    public async Task RequestLimitExceeded_IsRetriedWithExponentialBackoffOnTheClock_ThenSucceeds()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "DescribeImages", "RequestLimitExceeded", 503, "Request limit exceeded.")
            .ExpectError("ec2", "DescribeImages", "RequestLimitExceeded", 503, "Request limit exceeded.")
            .ExpectError("ec2", "DescribeImages", "RequestLimitExceeded", 503, "Request limit exceeded.")
            .Expect("ec2", "DescribeImages", Ec2Xml.Images(null, Ec2Xml.Image("ami-1", "x")));

        var images = await f.Cloud.FindImagesAsync("x", Ct);

        Assert.Single(images);
        Assert.Equal(4, f.Fake.Calls.Count); // the SDK retried nothing itself: exactly one request per Polly attempt
        Assert.Equal([1, 2, 3], f.Retries.Select(r => r.Attempt));
        Assert.All(f.Retries, r => Assert.Equal((AwsPolicies.TransientName, "RequestLimitExceeded"), (r.Pipeline, r.Code)));
        Assert.All(f.Retries, r => Assert.InRange(r.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(20)));
        // The waits ran on the injected clock (timers keep whole milliseconds).
        Assert.Equal(f.Retries.Select(r => (long)r.Delay.TotalMilliseconds), f.Clock.Waits.Select(w => (long)w.TotalMilliseconds));
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Backoff_GrowsExponentially_AndStopsAtMaxRetries_WithTheAwsCode()
    {
        // Jitter off the table: the median of Polly's jittered exponential backoff doubles each attempt, so over many
        // attempts the later delays must dominate the first ones.
        await using var f = await FakeCloud.StartAsync(new AwsPolicyOptions { TransientMaxRetries = 6, TransientMaxDelay = TimeSpan.FromMinutes(10) });
        for (var i = 0; i < 7; i++) f.Fake.ExpectError("autoscaling", "DescribeAutoScalingGroups", "Throttling", 400, "Rate exceeded");

        var e = await Assert.ThrowsAsync<CloudException>(() => f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, Ct));

        Assert.Equal("Throttling", e.Code);
        Assert.Contains("Rate exceeded", e.Message);
        Assert.Equal(6, f.Retries.Count);
        var delays = f.Retries.Select(r => r.Delay).ToList();
        Assert.True(delays.Skip(4).Sum(d => d.TotalMilliseconds) > delays.Take(2).Sum(d => d.TotalMilliseconds),
            $"delays should grow: {string.Join(", ", delays)}");
        f.Fake.VerifyDone();
    }

    [Theory]
    [InlineData("InternalError", 500)]
    [InlineData("ServiceUnavailable", 503)]
    [InlineData("RequestThrottled", 400)]
    public async Task OtherTransientCodes_AreRetriedToo(string code, int status)
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "DescribeKeyPairs", code, status).Expect("ec2", "DescribeKeyPairs", "<keySet/>");

        await f.Cloud.FindKeyPairsByTagAsync("k", "v", Ct);

        Assert.Equal(code, Assert.Single(f.Retries).Code);
        f.Fake.VerifyDone();
    }

    [Theory]
    [InlineData("ec2", "DescribeKeyPairs")]
    [InlineData("autoscaling", "DescribeAutoScalingGroups")]
    public async Task AnswersWithoutAnAwsCode_AreNamedByStatus_AndGatewayErrorsRetried(string service, string action)
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectRaw(service, action, 502, "<html><body>502 Bad Gateway</body></html>")
            .ExpectRaw(service, action, 403, "");

        var e = await Assert.ThrowsAsync<CloudException>(() => service == "ec2"
            ? f.Cloud.FindKeyPairsByTagAsync("k", "v", Ct)
            : f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, Ct));

        Assert.Equal("Http502", Assert.Single(f.Retries).Code);
        Assert.Equal(("Http403", 403), (e.Code, e.StatusCode));
        f.Fake.VerifyDone();
    }

    [Theory]
    [InlineData("ec2", "DescribeKeyPairs")]
    [InlineData("autoscaling", "DescribeAutoScalingGroups")]
    public async Task ARequestTimeout_IsRetried_NotTakenForCancellation(string service, string action)
    {
        // What holds: a request that gets no answer within the client's timeout is asked again until an answer comes,
        // never surfaced as "cancelled", and nothing is sent that is not an attempt of the call. Who asks again is not
        // fixed: usually Kiln's policy (a RequestTimeout retry, a new SDK invocation), but under load .NET's HTTP stack
        // has been seen to re-send the held request itself, byte for byte (the same amz-sdk-invocation-id, still
        // `attempt=1`), and get the answer before Kiln's timeout fired; and the client may give up on an attempt before
        // the fake has even read it (abandoned). So: the held request and at least one more reached the fake, every
        // retry of Kiln's is a RequestTimeout, and the invocations the fake saw are at most Kiln's attempts.
        await using var f = await FakeCloud.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(500));
        f.Fake.ExpectNoAnswer(service, action)
            .ExpectAnswers(service, action, service == "ec2" ? "<keySet/>" : "<AutoScalingGroups/>");

        if (service == "ec2") await f.Cloud.FindKeyPairsByTagAsync("k", "v", Ct);
        else await f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, Ct);

        var calls = f.Fake.Calls;
        var seen = string.Join(" | ", calls.Select(c => $"{c.Headers.GetValueOrDefault("amz-sdk-invocation-id")} {c.Headers.GetValueOrDefault("amz-sdk-request")}"));
        Assert.True(calls.Count + f.Fake.Abandoned >= 2, $"the held request was the only one: {seen}");
        Assert.All(f.Retries, r => Assert.Equal((AwsPolicies.TransientName, AwsErrors.RequestTimeout), (r.Pipeline, r.Code)));
        var invocations = calls.Select(c => c.Headers.GetValueOrDefault("amz-sdk-invocation-id")).Distinct().Count();
        Assert.True(invocations <= f.Retries.Count + 1,
            $"the fake saw {invocations} invocations for {f.Retries.Count + 1} attempts of Kiln's: {seen}");
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task OtherErrors_AreNotRetried_AndCarryTheCode()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "RunInstances", "UnauthorizedOperation", 403, "You are not authorized to perform this operation.");

        var e = await Assert.ThrowsAsync<CloudException>(() => f.Cloud.RunInstanceAsync(Request, Ct));

        Assert.Equal("UnauthorizedOperation", e.Code);
        Assert.StartsWith("UnauthorizedOperation: You are not authorized", e.Message);
        Assert.DoesNotContain(AwsFake.SecretKey, e.ToString());
        Assert.Empty(f.Retries);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task NotFound_RightAfterRunInstances_IsRetried_UntilTheInstanceIsVisible()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "RunInstances", RunInstancesXml("i-new"))
            .ExpectError("ec2", "DescribeInstances", "InvalidInstanceID.NotFound", 400, "The instance ID 'i-new' does not exist")
            .ExpectError("ec2", "DescribeInstances", "InvalidInstanceID.NotFound", 400, "The instance ID 'i-new' does not exist")
            .Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-new", "pending")));

        var id = await f.Cloud.RunInstanceAsync(Request, Ct);
        var instance = await f.Cloud.GetInstanceAsync(id, Ct);

        Assert.Equal(InstanceState.Pending, instance?.State);
        Assert.Equal([AwsPolicies.ConsistencyName, AwsPolicies.ConsistencyName], f.Retries.Select(r => r.Pipeline));
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Tagging_ANewImage_RetriesNotFound()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateImage", "<imageId>ami-new</imageId>")
            .ExpectError("ec2", "CreateTags", "InvalidAMIID.NotFound", 400, "The image id '[ami-new]' does not exist")
            .Expect("ec2", "CreateTags", Ec2Xml.True);

        var image = await f.Cloud.CreateImageAsync(new InstanceId("i-1"), "n", "d", Tags, Ct);
        await f.Cloud.TagAsync(image.Value, new Dictionary<string, string> { ["kiln:version"] = "0.1.0" }, Ct);

        Assert.Single(f.Retries);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task AuthorizeIngress_OnTheGroupJustCreated_RetriesInvalidGroupNotFound()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "CreateSecurityGroup", "<return>true</return><groupId>sg-new</groupId>")
            .ExpectError("ec2", "AuthorizeSecurityGroupIngress", "InvalidGroup.NotFound", 400, "The security group 'sg-new' does not exist")
            .Expect("ec2", "AuthorizeSecurityGroupIngress", Ec2Xml.True);

        await f.Cloud.CreateSecurityGroupAsync("g", "d", "0.0.0.0/0", 22, Tags, Ct);

        Assert.Equal(AwsPolicies.ConsistencyName, Assert.Single(f.Retries).Pipeline);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task NotFound_ForAnIdNotCreatedHere_MeansAbsent_WithoutRetry()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "DescribeInstances", "InvalidInstanceID.NotFound")
            .ExpectError("ec2", "DescribeImages", "InvalidAMIID.NotFound");

        Assert.Null(await f.Cloud.GetInstanceAsync(new InstanceId("i-elsewhere"), Ct));
        Assert.Null(await f.Cloud.GetImageAsync(new ImageId("ami-elsewhere"), Ct));

        Assert.Empty(f.Retries);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task NotFound_PastTheConsistencyWindow_MeansAbsent()
    {
        await using var f = await FakeCloud.StartAsync(new AwsPolicyOptions { ConsistencyWindow = TimeSpan.FromSeconds(3), ConsistencyDelay = TimeSpan.FromSeconds(1) });
        f.Fake.Expect("ec2", "RunInstances", RunInstancesXml("i-lost"));
        for (var i = 0; i < 4; i++) f.Fake.ExpectError("ec2", "DescribeInstances", "InvalidInstanceID.NotFound");

        var id = await f.Cloud.RunInstanceAsync(Request, Ct);
        var instance = await f.Cloud.GetInstanceAsync(id, Ct);

        Assert.Null(instance);
        Assert.Equal(3, f.Retries.Count); // NotFound at +0, +1, +2 s is retried; at +3 s the window has closed
        Assert.Equal(TimeSpan.FromSeconds(3), f.Clock.Waited);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Deletes_TreatNotFoundAsSuccess()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "TerminateInstances", "InvalidInstanceID.NotFound")
            .ExpectError("ec2", "DeleteKeyPair", "InvalidKeyPair.NotFound")
            .ExpectError("ec2", "DeleteSecurityGroup", "InvalidGroup.NotFound")
            .ExpectError("ec2", "DeregisterImage", "InvalidAMIID.NotFound")
            .ExpectError("ec2", "DeleteSnapshot", "InvalidSnapshot.NotFound");

        await f.Cloud.TerminateInstanceAsync(new InstanceId("i-gone"), Ct);
        await f.Cloud.DeleteKeyPairAsync(new KeyPairName("kiln-gone"), Ct);
        await f.Cloud.DeleteSecurityGroupAsync(new SecurityGroupId("sg-gone"), Ct);
        await f.Cloud.DeregisterImageAsync(new ImageId("ami-gone"), Ct);
        await f.Cloud.DeleteSnapshotAsync(new SnapshotId("snap-gone"), Ct);

        Assert.Empty(f.Retries);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Terminate_OfAnInstanceJustStarted_RetriesNotFound_SoItIsNotLeaked()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "RunInstances", RunInstancesXml("i-new"))
            .ExpectError("ec2", "TerminateInstances", "InvalidInstanceID.NotFound")
            .Expect("ec2", "TerminateInstances", Ec2Xml.InstanceStateChange("i-new", "shutting-down", "pending"));

        await f.Cloud.TerminateInstanceAsync(await f.Cloud.RunInstanceAsync(Request, Ct), Ct);

        Assert.Single(f.Retries);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task DeleteSecurityGroup_WaitsOutDependencyViolation()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("ec2", "DeleteSecurityGroup", "DependencyViolation", 400, "resource sg-1 has a dependent object")
            .ExpectError("ec2", "DeleteSecurityGroup", "DependencyViolation", 400, "resource sg-1 has a dependent object")
            .Expect("ec2", "DeleteSecurityGroup", Ec2Xml.True);

        await f.Cloud.DeleteSecurityGroupAsync(new SecurityGroupId("sg-1"), Ct);

        Assert.Equal([AwsPolicies.DependencyName, AwsPolicies.DependencyName], f.Retries.Select(r => r.Pipeline));
        Assert.Equal(TimeSpan.FromSeconds(10), f.Clock.Waited);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Cancellation_StopsTheBackoff()
    {
        using var cts = new CancellationTokenSource();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var policies = new AwsPolicies(clock, new AwsPolicyOptions { TransientBaseDelay = TimeSpan.FromHours(1) });
        var calls = 0;

        var call = policies.ExecuteAsync<int>(_ => { calls++; throw new CloudException("RequestLimitExceeded", "slow down", 503); }, null, cts.Token);
        await Task.Delay(50);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, calls);
    }
}
