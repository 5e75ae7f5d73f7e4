using Amazon.EC2.Model;
using Kiln.Aws;
using Kiln.Aws.AutoScaling;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Deploy.Aws;

/// <summary>The calls a deploy makes beyond the cloud port: launch template versions over AWSSDK.EC2 (through Kiln's
/// retry policies), Auto Scaling groups and target health, and the waits built on them.</summary>
public sealed class DeployCloud(AwsCloud cloud, DeployTimings timings) : IGroupRemover
{
    public Task<IReadOnlyList<AutoScalingGroup>> GroupsAsync(CancellationToken ct) =>
        cloud.AutoScaling.DescribeAutoScalingGroupsAsync(null, ct);

    public async Task<AutoScalingGroup> GroupAsync(string name, CancellationToken ct) =>
        await cloud.AutoScaling.GetAutoScalingGroupAsync(name, ct)
        ?? throw new CloudException("ValidationError", $"Auto Scaling group {name} not found");

    /// <summary>A version number, or `$Latest`/`$Default` resolved; with its image.</summary>
    public async Task<(int Version, ImageId? Image)> TemplateVersionAsync(string templateId, string? version, CancellationToken ct)
    {
        var answer = await cloud.Ec2CallAsync((ec2, c) => ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest
        {
            LaunchTemplateId = templateId, Versions = [version ?? "$Default"],
        }, c), ct);
        var v = answer.LaunchTemplateVersions.Single();
        return ((int)(v.VersionNumber ?? 0), v.LaunchTemplateData?.ImageId is { } image ? new ImageId(image) : null);
    }

    /// <summary>A new version: the source version's data with another image.</summary>
    public async Task<int> CreateVersionAsync(string templateId, int source, ImageId image, string description, CancellationToken ct)
    {
        var answer = await cloud.Ec2CallAsync((ec2, c) => ec2.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest
        {
            LaunchTemplateId = templateId, SourceVersion = source.ToString(System.Globalization.CultureInfo.InvariantCulture),
            VersionDescription = description, LaunchTemplateData = new RequestLaunchTemplateData { ImageId = image.Value },
        }, c), ct, templateId);
        return (int)answer.LaunchTemplateVersion.VersionNumber!;
    }

    /// <summary>Until the group has <paramref name="capacity"/> InService instances, each healthy in every target group.</summary>
    public async Task<AutoScalingGroup> WaitInServiceAsync(string group, int capacity, IReadOnlyList<string> targetGroups, CancellationToken ct)
    {
        var (g, _) = await cloud.Policies.PollAsync($"{capacity} healthy instances in {group}", async c =>
        {
            var g = await GroupAsync(group, c);
            var ready = g.Instances.Where(i => i.LifecycleState == "InService").Select(i => i.Id.Value).ToHashSet();
            foreach (var tg in targetGroups)
                ready.IntersectWith((await cloud.ElbV2.DescribeTargetHealthAsync(tg, c)).Where(t => t.IsHealthy).Select(t => t.Id));
            return (g, ready.Count);
        }, s => s.Item2 >= capacity, timings.Healthy, ct, timings.Poll);
        return g;
    }

    public async Task<IReadOnlyList<(string Group, RunId Run)>> GroupsByRunAsync(CancellationToken ct) =>
        (await GroupsAsync(ct)).SelectMany(g => g.Tags.Where(t => t.Key == KilnTags.RunId).Select(t => (g.Name, new RunId(t.Value)))).ToList();

    /// <summary>Deletes the group with its instances (ForceDelete) and waits until it is gone.</summary>
    public async Task RemoveGroupAsync(string name, CancellationToken ct)
    {
        await cloud.AutoScaling.DeleteAutoScalingGroupAsync(name, forceDelete: true, ct);
        await cloud.Policies.PollAsync($"{name} deleted", async c => await cloud.AutoScaling.GetAutoScalingGroupAsync(name, c),
            g => g is null, timings.Drain, ct, timings.Poll);
    }

    /// <summary>Until none of <paramref name="instances"/> is a target (registered or draining) of the target groups.</summary>
    public Task WaitDrainedAsync(IReadOnlyCollection<string> instances, IReadOnlyList<string> targetGroups, CancellationToken ct) =>
        cloud.Policies.PollAsync("old instances drained", async c =>
        {
            var left = 0;
            foreach (var tg in targetGroups)
                left += (await cloud.ElbV2.DescribeTargetHealthAsync(tg, c)).Count(t => instances.Contains(t.Id));
            return left;
        }, left => left == 0, timings.Drain, ct, timings.Poll);
}
