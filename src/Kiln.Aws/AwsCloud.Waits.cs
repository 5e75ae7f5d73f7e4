using Kiln.Aws.AutoScaling;
using Kiln.Aws.ElbV2;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>Waits beyond the port, polled through <see cref="AwsPolicies.PollAsync{T}"/>: what a bake and a rollout wait
/// for. Each fails fast when the awaited state can no longer come (an instance terminated, an image failed).</summary>
public sealed partial class AwsCloud
{
    public async Task<CloudInstance> WaitForInstanceAsync(InstanceId id, InstanceState state, TimeSpan timeout, CancellationToken ct)
    {
        var instance = await _policies.PollAsync($"instance {id} {state}", async c =>
        {
            var seen = await GetInstanceAsync(id, c);
            if (seen is { State: InstanceState.Terminated or InstanceState.ShuttingDown } && state is not (InstanceState.Terminated or InstanceState.ShuttingDown))
                throw new CloudException("InstanceTerminated", $"instance {id} is {seen.State} while waiting for {state}: {seen.StateReason ?? "no reason given"}");
            return seen;
        }, seen => seen?.State == state || (seen is null && state == InstanceState.Terminated), timeout, ct);
        return instance ?? throw new CloudException("InvalidInstanceID.NotFound", $"instance {id} is gone");
    }

    public async Task<CloudImage> WaitForImageAvailableAsync(ImageId id, TimeSpan timeout, CancellationToken ct)
    {
        var image = await _policies.PollAsync($"image {id} available", async c =>
        {
            var seen = await GetImageAsync(id, c);
            if (seen?.State is ImageState.Failed or ImageState.Deregistered)
                throw new CloudException("ImageFailed", $"image {id} is {seen.State} while waiting for it to become available");
            return seen;
        }, seen => seen?.State == ImageState.Available, timeout, ct);
        return image!;
    }

    /// <summary>Until the refresh ends; returns it whatever its final status (`Successful`, `Failed`, `Cancelled`, …).</summary>
    public Task<InstanceRefresh> WaitForInstanceRefreshAsync(string group, string refreshId, TimeSpan timeout, CancellationToken ct) =>
        _policies.PollAsync($"instance refresh {refreshId} of {group}",
            async c => (await AutoScaling.DescribeInstanceRefreshesAsync(group, [refreshId], c)).Single(r => r.Id == refreshId),
            r => r.Status is "Successful" or "Failed" or "Cancelled" or "RollbackSuccessful" or "RollbackFailed",
            timeout, ct);

    /// <summary>Until at least <paramref name="count"/> targets of the group report `healthy`.</summary>
    public Task<IReadOnlyList<TargetHealth>> WaitForHealthyTargetsAsync(string targetGroupArn, int count, TimeSpan timeout, CancellationToken ct) =>
        _policies.PollAsync($"{count} healthy targets in {targetGroupArn}",
            c => ElbV2.DescribeTargetHealthAsync(targetGroupArn, c),
            targets => targets.Count(t => t.IsHealthy) >= count, timeout, ct);
}
