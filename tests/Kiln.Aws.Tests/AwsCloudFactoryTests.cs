using Amazon.Runtime;
using Kiln.Aws.Query;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Aws.Tests;

public sealed class AwsCloudFactoryTests
{
    [Fact]
    public void Ec2Config_LeavesEveryRetryToPolly()
    {
        var config = AwsCloudFactory.Ec2Config("ap-northeast-1", null, new AwsCloudOptions());

        Assert.Equal(0, config.MaxErrorRetry);
        Assert.Equal("ap-northeast-1", config.RegionEndpoint.SystemName);
    }

    [Fact]
    public void Ec2Config_WithAServiceUrl_SignsForTheSpecsRegion()
    {
        var config = AwsCloudFactory.Ec2Config("eu-west-1", new Uri("http://127.0.0.1:4566/"), new AwsCloudOptions());

        Assert.Equal("http://127.0.0.1:4566/", config.ServiceURL);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
        Assert.True(config.IgnoreConfiguredEndpointUrls);
    }

    [Theory]
    [InlineData("ap-northeast-1", null, "https://autoscaling.ap-northeast-1.amazonaws.com/")]
    [InlineData("cn-north-1", null, "https://autoscaling.cn-north-1.amazonaws.com.cn/")]
    [InlineData("ap-northeast-1", "http://127.0.0.1:9000/", "http://127.0.0.1:9000/")]
    public void QueryEndpoints_AreRegionalUnlessAServiceUrlIsGiven(string region, string? serviceUrl, string expected) =>
        Assert.Equal(expected, QueryService.AutoScaling.EndpointFor(region, serviceUrl is null ? null : new Uri(serviceUrl)).ToString());

    [Fact]
    public void ElbV2Endpoint_IsElasticLoadBalancing() =>
        Assert.Equal("https://elasticloadbalancing.us-east-1.amazonaws.com/", QueryService.ElasticLoadBalancingV2.EndpointFor("us-east-1").ToString());

    [Fact]
    public void Describe_NamesTheCloud()
    {
        using var aws = AwsCloudFactory.Create(new CloudSpec(CloudKind.Aws, "us-west-2", AccessKey: "AKIAEXAMPLE", SecretKey: "secret"));
        using var local = AwsCloudFactory.Create(new CloudSpec(CloudKind.Local), new Uri("http://127.0.0.1:1/"), new BasicAWSCredentials("a", "b"));

        Assert.Equal("aws:us-west-2", aws.Describe);
        Assert.Equal("local", local.Describe);
    }

    [Fact]
    public void UnknownRegion_IsBadInput_UnlessValidationIsSkipped()
    {
        var e = Assert.Throws<KilnInputException>(() => AwsCloudFactory.Create(new CloudSpec(CloudKind.Aws, "ap-northeast-9", AccessKey: "a", SecretKey: "b")));
        Assert.Contains("ap-northeast-9", e.Message);

        using var skipped = AwsCloudFactory.Create(new CloudSpec(CloudKind.Aws, "ap-northeast-9", AccessKey: "a", SecretKey: "b", SkipRegionValidation: true));
        Assert.Equal("aws:ap-northeast-9", skipped.Describe);
    }

    [Fact]
    public void AccessKeyWithoutSecret_IsBadInput_AndNeverEchoesKeys()
    {
        var e = Assert.Throws<KilnInputException>(() => AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws, AccessKey: "AKIAEXAMPLE")));
        Assert.Contains("secret key", e.Message);
        Assert.DoesNotContain("AKIAEXAMPLE", e.Message);

        var e2 = Assert.Throws<KilnInputException>(() => AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws, SecretKey: "s3cr3t")));
        Assert.DoesNotContain("s3cr3t", e2.Message);
    }

    [Fact]
    public void MissingProfile_IsBadInput_NamingIt()
    {
        var e = Assert.Throws<KilnInputException>(() => AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws, Profile: "kiln-no-such-profile-7f3a")));
        Assert.Contains("kiln-no-such-profile-7f3a", e.Message);
    }

    [Fact]
    public async Task KeysInTheSpec_BecomeTheSigningCredentials()
    {
        var credentials = AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws, AccessKey: "AKIAEXAMPLE", SecretKey: "secret"));
        var immutable = await credentials.GetCredentialsAsync();
        Assert.Equal(("AKIAEXAMPLE", "secret"), (immutable.AccessKey, immutable.SecretKey));
    }

    [Fact]
    public async Task A_session_token_signs_with_its_temporary_keys()
    {
        var spec = new CloudSpec(CloudKind.Aws, AccessKey: "ASIAEXAMPLE", SecretKey: "secret") { SessionToken = "FwoGZXIvYXdzEXAMPLE" };
        var immutable = await AwsCredentialResolver.Resolve(spec).GetCredentialsAsync();
        Assert.Equal(("ASIAEXAMPLE", "secret", "FwoGZXIvYXdzEXAMPLE"), (immutable.AccessKey, immutable.SecretKey, immutable.Token));
    }

    [Fact]
    public async Task A_shared_credentials_file_gives_its_profile_or_default_and_names_what_is_missing()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("kiln-aws-creds-").FullName, "credentials");
        File.WriteAllText(file, """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            [build]
            aws_access_key_id = ASIABUILD
            aws_secret_access_key = build-secret
            aws_session_token = build-token
            """);
        try
        {
            var build = await AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws, Profile: "build") { SharedCredentialsFile = file }).GetCredentialsAsync();
            Assert.Equal(("ASIABUILD", "build-secret", "build-token"), (build.AccessKey, build.SecretKey, build.Token));
            var fallback = await AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws) { SharedCredentialsFile = file }).GetCredentialsAsync();
            Assert.Equal("AKIADEFAULT", fallback.AccessKey);

            var missing = Assert.Throws<KilnInputException>(() =>
                AwsCredentialResolver.Resolve(new CloudSpec(CloudKind.Aws, Profile: "ci") { SharedCredentialsFile = file }));
            Assert.Contains($"profile 'ci' was not found in shared_credentials_file {file}", missing.Message);
            Assert.DoesNotContain("secret", missing.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void LocalCloud_NeedsEndpointAndCredentials() =>
        Assert.Throws<ArgumentException>(() => AwsCloudFactory.Create(new CloudSpec(CloudKind.Local)));
}
