using Amazon.Runtime;
using Kiln.Core.Baking;

namespace Kiln.Aws.Tests.Fakes;

/// <summary>An <see cref="AwsCloud"/> pointed at an <see cref="AwsFake"/>, exactly as production builds one for AWS
/// with a custom endpoint, on a stepping clock; the retries it made are kept for assertions.</summary>
public sealed class FakeCloud : IAsyncDisposable
{
    private readonly List<AwsRetryNotice> _retries = [];

    private FakeCloud(AwsFake fake, SteppingClock clock, AwsCloud cloud) { Fake = fake; Clock = clock; Cloud = cloud; }

    public AwsFake Fake { get; }
    public SteppingClock Clock { get; }
    public AwsCloud Cloud { get; }
    public IReadOnlyList<AwsRetryNotice> Retries { get { lock (_retries) return _retries.ToList(); } }

    public static async Task<FakeCloud> StartAsync(AwsPolicyOptions? policy = null, AWSCredentials? credentials = null,
        TimeSpan? requestTimeout = null)
    {
        var fake = await AwsFake.StartAsync();
        var clock = new SteppingClock();
        FakeCloud? holder = null;
        var cloud = AwsCloudFactory.Create(new CloudSpec(CloudKind.Aws, "ap-northeast-1"), fake.Endpoint,
            credentials ?? AwsFake.Credentials,
            new AwsCloudOptions
            {
                Clock = clock, Policy = policy ?? new AwsPolicyOptions(), OnRetry = n => holder!.Record(n),
                RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(100),
            });
        holder = new FakeCloud(fake, clock, cloud);
        return holder;
    }

    private void Record(AwsRetryNotice n) { lock (_retries) _retries.Add(n); }

    public async ValueTask DisposeAsync()
    {
        Cloud.Dispose();
        await Fake.DisposeAsync();
    }
}
