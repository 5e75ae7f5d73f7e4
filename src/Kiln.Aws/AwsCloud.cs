using System.Collections.Concurrent;
using Amazon.EC2;
using Kiln.Aws.AutoScaling;
using Kiln.Aws.ElbV2;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>The cloud port over AWSSDK.EC2, for real AWS and for Kiln's local cloud alike (only the service URL
/// differs). Every call runs through <see cref="AwsPolicies"/>; SDK errors surface as <see cref="CloudException"/>.
/// Ids this instance created are remembered with their creation time, so a NotFound for them inside the
/// consistency window is retried instead of being taken as "absent". Build it with <see cref="AwsCloudFactory"/>.</summary>
public sealed partial class AwsCloud : IMultiRegionCloud, IInstanceImages, IKeyPairs, INetworks, IDisposable
{
    private readonly AwsPolicies _policies;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _created = new(StringComparer.Ordinal);
    private readonly IDisposable? _owned;

    public AwsCloud(IAmazonEC2 ec2, AutoScalingClient autoScaling, ElbV2Client elbV2, AwsPolicies policies,
        string describe, IDisposable? owned = null)
    {
        Ec2 = ec2;
        AutoScaling = autoScaling;
        ElbV2 = elbV2;
        _policies = policies;
        Describe = describe;
        _owned = owned;
    }

    public string Describe { get; }
    /// <summary>The EC2 client, for what the port does not cover (launch templates for a rollout, …). Prefer
    /// <see cref="Ec2CallAsync{T}"/>, which adds Kiln's retries and error codes.</summary>
    public IAmazonEC2 Ec2 { get; }
    public AutoScalingClient AutoScaling { get; }
    public ElbV2Client ElbV2 { get; }
    public AwsPolicies Policies => _policies;

    /// <summary>Any EC2 call through Kiln's policies: transient retries, <see cref="CloudException"/> with AWS's code, and
    /// NotFound retried for <paramref name="justCreatedIds"/> made by this cloud within the consistency window.</summary>
    public Task<T> Ec2CallAsync<T>(Func<IAmazonEC2, CancellationToken, Task<T>> call, CancellationToken ct,
        params string[] justCreatedIds) => CallAsync(c => call(Ec2, c), ct, justCreatedIds);

    /// <summary>Records an id made outside the port (a launch template, …) so later calls naming it ride out
    /// EC2's eventual consistency.</summary>
    public void RememberCreated(string id) => Remember(id);

    /// <summary>One EC2 call. <paramref name="ids"/>: the ids the call names; if this cloud created any of them within
    /// the consistency window, NotFound is retried (EC2 is eventually consistent for new ids).</summary>
    private Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct, params string?[] ids) =>
        _policies.ExecuteAsync(call, CreatedAt(ids), ct);

    private Task CallAsync(Func<CancellationToken, Task> call, CancellationToken ct, params string?[] ids) =>
        _policies.ExecuteAsync(call, CreatedAt(ids), ct);

    /// <summary>Deletes are idempotent: NotFound (outside the consistency window of an id we just made) is success.</summary>
    private async Task DeleteAsync(Func<CancellationToken, Task> call, string resourceId, CancellationToken ct,
        bool waitOutDependencies = false)
    {
        try { await _policies.ExecuteAsync(call, CreatedAt(resourceId), ct, waitOutDependencies); }
        catch (CloudException e) when (e.IsNotFound) { }
        _created.TryRemove(resourceId, out _);
    }

    private void Remember(string id) => _created[id] = _policies.Clock.GetUtcNow();

    /// <summary>The newest creation time among the ids this cloud made; null when it made none of them.</summary>
    private DateTimeOffset? CreatedAt(params string?[] ids) =>
        ids.Select(id => id is not null && _created.TryGetValue(id, out var at) ? at : (DateTimeOffset?)null).Max();

    public void Dispose()
    {
        Ec2.Dispose();
        _owned?.Dispose();
        DisposeRegions();
    }
}
