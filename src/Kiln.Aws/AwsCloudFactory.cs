using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Kiln.Aws.AutoScaling;
using Kiln.Aws.ElbV2;
using Kiln.Aws.Query;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Aws;

/// <summary>Options that tests and the CLI may change; the defaults are the production ones.</summary>
public sealed record AwsCloudOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public AwsPolicyOptions Policy { get; init; } = new();
    /// <summary>Told about every retry (for the run log).</summary>
    public Action<AwsRetryNotice>? OnRetry { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);
}

/// <summary>Builds <see cref="AwsCloud"/> for real AWS or for Kiln's local cloud: one code path, only the endpoint
/// and credentials differ.</summary>
public static class AwsCloudFactory
{
    /// <param name="spec">Kind, region, profile/keys, and Packer's custom_endpoint_ec2 (<see cref="CloudSpec.Endpoint"/>).</param>
    /// <param name="endpoint">One service URL for EC2, Auto Scaling and ELBv2 (the local cloud, or a test server).
    /// Required for <see cref="CloudKind.Local"/>.</param>
    /// <param name="credentials">Overrides the spec's credentials (the local cloud passes BasicAWSCredentials).</param>
    public static AwsCloud Create(CloudSpec spec, Uri? endpoint = null, AWSCredentials? credentials = null,
        AwsCloudOptions? options = null)
    {
        options ??= new AwsCloudOptions();
        if (spec.Kind == CloudKind.Local && (endpoint is null || credentials is null))
            throw new ArgumentException("the local cloud is reached through its endpoint and credentials; pass both");
        if (spec.Kind == CloudKind.Aws && !spec.SkipRegionValidation
            && !RegionEndpoint.EnumerableAllRegions.Any(r => r.SystemName == spec.Region))
            throw new KilnInputException(
                $"'{spec.Region}' is not an AWS region this SDK knows (e.g. ap-northeast-1, us-east-1): fix the region, or set skip_region_validation.");
        credentials ??= AwsCredentialResolver.Resolve(spec);

        var ec2Url = endpoint ?? (string.IsNullOrEmpty(spec.Endpoint) ? null : new Uri(spec.Endpoint));
        var ec2 = new AmazonEC2Client(credentials, Ec2Config(spec.Region, ec2Url, options));

        var policies = new AwsPolicies(options.Clock, options.Policy, options.OnRetry);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.RequestTimeout,
        };
        QueryTransport Transport(QueryService service) =>
            new(http, service, service.EndpointFor(spec.Region, endpoint), spec.Region, credentials, policies);
        var describe = spec.Kind == CloudKind.Local ? "local" : $"aws:{spec.Region}";
        return new AwsCloud(ec2, new AutoScalingClient(Transport(QueryService.AutoScaling)),
            new ElbV2Client(Transport(QueryService.ElasticLoadBalancingV2)), policies, describe, http)
        {
            Region = spec.Region,
            // Another region: the same endpoint on the local cloud (the signature picks the region); on AWS the
            // region's own endpoint (custom_endpoint_ec2 serves the build region only, as in Packer).
            RegionFactory = region => Create(spec with { Region = region, Endpoint = null }, endpoint, credentials, options),
        };
    }

    /// <summary>Runs one DescribeImages through the SDK's whole request pipeline (endpoint rules, marshalling,
    /// signing, the HTTP handler, error unmarshalling) against a loopback port where nothing listens, so the first
    /// real call does not pay for it: a command does this while something else waits (the local cloud starting).
    /// The SDK's first call costs about 0.15 s of start-up here. Safe to call any number of times; failures are the
    /// real client's to report. Started once per process (on a worker thread): later calls share the first.</summary>
    public static Task WarmUpAsync() => LazyInitializer.EnsureInitialized(ref _warmUp, () => Task.Run(WarmUpOnceAsync));

    private static Task? _warmUp;

    private static async Task WarmUpOnceAsync()
    {
        try
        {
            using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("AKIAWARMUPWARMUPWARM", "warm-up"),
                Ec2Config("us-east-1", new Uri("http://127.0.0.1:9/"), new AwsCloudOptions()));
            await ec2.DescribeImagesAsync(new Amazon.EC2.Model.DescribeImagesRequest
                { Owners = ["self"], Filters = [new("name", ["warm-up-*"])] });
        }
        catch (Exception e) when (e is not OutOfMemoryException) { /* refused, as it should be: only a head start */ }
    }

    /// <summary>The SDK's retries are off (MaxErrorRetry = 0): <see cref="AwsPolicies"/> owns every retry, so the
    /// budget is not multiplied (SDK 3 × Polly 8), the backoff runs on the injected clock, and each retry is logged.</summary>
    public static AmazonEC2Config Ec2Config(string region, Uri? serviceUrl, AwsCloudOptions options)
    {
        var config = new AmazonEC2Config
        {
            MaxErrorRetry = 0,
            RetryMode = RequestRetryMode.Standard,
            Timeout = options.RequestTimeout,
        };
        if (serviceUrl is null) config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        else
        {
            config.ServiceURL = serviceUrl.ToString();
            // A loopback URL names no region: sign with the spec's region. Ignore AWS_ENDPOINT_URL* from the environment.
            config.AuthenticationRegion = region;
            config.IgnoreConfiguredEndpointUrls = true;
        }
        return config;
    }
}
