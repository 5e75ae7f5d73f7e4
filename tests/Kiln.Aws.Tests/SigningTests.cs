using Amazon.Runtime;
using Kiln.Aws.Tests.Fakes;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

public sealed class SigningTests
{
    [Fact]
    public void Verifier_AcceptsAwsPublishedGetVanillaVector_AndRejectsAnyChange()
    {
        // AWS's SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, 20150830T123600Z, us-east-1, "service".
        var headers = new Dictionary<string, string>
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
            ["authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
                "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        };
        string? Secret(string key) => key == "AKIDEXAMPLE" ? "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" : null;

        Assert.True(SigV4Verifier.Verify("GET", "/", "", headers, [], Secret).Ok);
        Assert.Equal("SignatureDoesNotMatch", SigV4Verifier.Verify("POST", "/", "", headers, [], Secret).Problem);
        Assert.Equal("SignatureDoesNotMatch", SigV4Verifier.Verify("GET", "/", "", headers, [1], Secret).Problem);
        Assert.Equal("SignatureDoesNotMatch", SigV4Verifier.Verify("GET", "/", "", headers, [], _ => "other").Problem);
    }

    [Fact]
    public async Task Ec2Sdk_AndAutoScalingClient_AreSignedForTheirOwnServiceAndRegion()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeKeyPairs", "<keySet/>")
              .Expect("autoscaling", "DescribeAutoScalingGroups", "<AutoScalingGroups/>")
              .Expect("elasticloadbalancing", "DescribeTargetGroups", "<TargetGroups/>");

        await f.Cloud.FindKeyPairsByTagAsync("kiln:run-id", "r1", CancellationToken.None);
        await f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, CancellationToken.None);
        await f.Cloud.ElbV2.DescribeTargetGroupsAsync(null, null, CancellationToken.None);

        f.Fake.VerifyDone();
        Assert.Equal(["ec2", "autoscaling", "elasticloadbalancing"], f.Fake.Calls.Select(c => c.Service));
        Assert.All(f.Fake.Calls, c => Assert.Equal("ap-northeast-1", c.Region));
        Assert.Equal("2011-01-01", f.Fake.Calls[1]["Version"]);
        Assert.Equal("2015-12-01", f.Fake.Calls[2]["Version"]);
    }

    [Theory]
    [InlineData("autoscaling", "DescribeAutoScalingGroups")]
    [InlineData("ec2", "DescribeKeyPairs")]
    public async Task WrongSecret_IsRefusedByTheFake_AndNotRetried(string service, string action)
    {
        await using var f = await FakeCloud.StartAsync(credentials: new BasicAWSCredentials(AwsFake.AccessKey, "not-the-secret"));
        f.Fake.ExpectSignatureRefusal(service, action);

        var e = await Assert.ThrowsAsync<CloudException>(() => service == "ec2"
            ? f.Cloud.FindKeyPairsByTagAsync("k", "v", CancellationToken.None)
            : f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, CancellationToken.None));

        Assert.Equal("SignatureDoesNotMatch", e.Code);
        Assert.Equal(403, e.StatusCode);
        Assert.DoesNotContain("not-the-secret", e.ToString());
        Assert.Empty(f.Retries);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task SessionToken_IsSentAndSigned()
    {
        await using var f = await FakeCloud.StartAsync(credentials: new SessionAWSCredentials(AwsFake.AccessKey, AwsFake.SecretKey, "session-token-1"));
        f.Fake.Expect("autoscaling", "DescribeAutoScalingGroups", "<AutoScalingGroups/>");

        await f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, CancellationToken.None);

        f.Fake.VerifyDone();
        var headers = f.Fake.Calls.Single().Headers;
        Assert.Equal("session-token-1", headers["x-amz-security-token"]);
        Assert.Contains("x-amz-security-token", headers["authorization"]);
    }
}
