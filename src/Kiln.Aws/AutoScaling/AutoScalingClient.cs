using Kiln.Aws.Query;
using Kiln.Core.Cloud;

namespace Kiln.Aws.AutoScaling;

/// <summary>The Auto Scaling Query API (version 2011-01-01) over HttpClient, signed with SigV4 by AWSSDK.Core's
/// signer. No AWSSDK.AutoScaling package is used. Errors: <see cref="CloudException"/> with Auto Scaling's code
/// (`ValidationError`, `AlreadyExists`, `ResourceInUse`, `ScalingActivityInProgress`, …).</summary>
public sealed class AutoScalingClient(QueryTransport transport)
{
    public QueryTransport Transport => transport;

    public async Task CreateAutoScalingGroupAsync(CreateAutoScalingGroupRequest r, CancellationToken ct)
    {
        var form = transport.NewForm("CreateAutoScalingGroup")
            .Add("AutoScalingGroupName", r.Name).Add("MinSize", r.MinSize).Add("MaxSize", r.MaxSize)
            .Add("DesiredCapacity", r.DesiredCapacity).Add("VPCZoneIdentifier", r.VpcZoneIdentifier)
            .Add("HealthCheckType", r.HealthCheckType).Add("HealthCheckGracePeriod", r.HealthCheckGracePeriod)
            .AddMembers("AvailabilityZones", r.AvailabilityZones).AddMembers("TargetGroupARNs", r.TargetGroupArns);
        AddLaunchTemplate(form, r.LaunchTemplate);
        AddTags(form, r.Name, r.Tags);
        await transport.CallAsync(form, ct);
    }

    public async Task UpdateAutoScalingGroupAsync(UpdateAutoScalingGroupRequest r, CancellationToken ct)
    {
        var form = transport.NewForm("UpdateAutoScalingGroup")
            .Add("AutoScalingGroupName", r.Name).Add("MinSize", r.MinSize).Add("MaxSize", r.MaxSize)
            .Add("DesiredCapacity", r.DesiredCapacity).Add("VPCZoneIdentifier", r.VpcZoneIdentifier)
            .Add("HealthCheckType", r.HealthCheckType).Add("HealthCheckGracePeriod", r.HealthCheckGracePeriod);
        if (r.LaunchTemplate is { } lt) AddLaunchTemplate(form, lt);
        await transport.CallAsync(form, ct);
    }

    /// <summary>All groups (every page), or the named ones; names that do not exist are simply not returned.</summary>
    public async Task<IReadOnlyList<AutoScalingGroup>> DescribeAutoScalingGroupsAsync(
        IReadOnlyList<string>? names, CancellationToken ct)
    {
        var groups = new List<AutoScalingGroup>();
        string? next = null;
        do
        {
            var result = await transport.CallAsync(transport.NewForm("DescribeAutoScalingGroups")
                .AddMembers("AutoScalingGroupNames", names).Add("MaxRecords", 100).Add("NextToken", next), ct);
            groups.AddRange(result.Members("AutoScalingGroups").Select(AutoScalingParser.Group));
            next = result.Str("NextToken");
        } while (next is not null);
        return groups;
    }

    public async Task<AutoScalingGroup?> GetAutoScalingGroupAsync(string name, CancellationToken ct) =>
        (await DescribeAutoScalingGroupsAsync([name], ct)).FirstOrDefault(g => g.Name == name);

    public Task SetDesiredCapacityAsync(string name, int desired, bool honorCooldown, CancellationToken ct) =>
        transport.CallAsync(transport.NewForm("SetDesiredCapacity").Add("AutoScalingGroupName", name)
            .Add("DesiredCapacity", desired).Add("HonorCooldown", honorCooldown), ct);

    /// <summary>Idempotent: a group that does not exist (ValidationError "not found") counts as deleted.</summary>
    public async Task DeleteAutoScalingGroupAsync(string name, bool forceDelete, CancellationToken ct)
    {
        try
        {
            await transport.CallAsync(transport.NewForm("DeleteAutoScalingGroup")
                .Add("AutoScalingGroupName", name).Add("ForceDelete", forceDelete), ct);
        }
        catch (CloudException e) when (e.Code == "ValidationError" && e.ErrorMessage.Contains("not found", StringComparison.OrdinalIgnoreCase)) { }
    }

    public Task AttachLoadBalancerTargetGroupsAsync(string name, IReadOnlyList<string> targetGroupArns, CancellationToken ct) =>
        transport.CallAsync(transport.NewForm("AttachLoadBalancerTargetGroups").Add("AutoScalingGroupName", name)
            .AddMembers("TargetGroupARNs", targetGroupArns), ct);

    public Task DetachLoadBalancerTargetGroupsAsync(string name, IReadOnlyList<string> targetGroupArns, CancellationToken ct) =>
        transport.CallAsync(transport.NewForm("DetachLoadBalancerTargetGroups").Add("AutoScalingGroupName", name)
            .AddMembers("TargetGroupARNs", targetGroupArns), ct);

    /// <summary>Starts a rolling replacement of the group's instances; returns the refresh id.</summary>
    public async Task<string> StartInstanceRefreshAsync(string name, InstanceRefreshPreferences preferences, CancellationToken ct)
    {
        var result = await transport.CallAsync(transport.NewForm("StartInstanceRefresh")
            .Add("AutoScalingGroupName", name).Add("Strategy", "Rolling")
            .Add("Preferences.MinHealthyPercentage", preferences.MinHealthyPercentage)
            .Add("Preferences.InstanceWarmup", preferences.InstanceWarmup)
            .Add("Preferences.SkipMatching", preferences.SkipMatching), ct);
        return result.Req("InstanceRefreshId");
    }

    /// <summary>The group's refreshes, newest first as AWS returns them (every page).</summary>
    public async Task<IReadOnlyList<InstanceRefresh>> DescribeInstanceRefreshesAsync(string name,
        IReadOnlyList<string>? refreshIds, CancellationToken ct)
    {
        var refreshes = new List<InstanceRefresh>();
        string? next = null;
        do
        {
            var result = await transport.CallAsync(transport.NewForm("DescribeInstanceRefreshes")
                .Add("AutoScalingGroupName", name).AddMembers("InstanceRefreshIds", refreshIds).Add("NextToken", next), ct);
            refreshes.AddRange(result.Members("InstanceRefreshes").Select(AutoScalingParser.Refresh));
            next = result.Str("NextToken");
        } while (next is not null);
        return refreshes;
    }

    public Task CreateOrUpdateTagsAsync(string groupName, IReadOnlyList<AsgTag> tags, CancellationToken ct)
    {
        var form = transport.NewForm("CreateOrUpdateTags");
        AddTags(form, groupName, tags);
        return transport.CallAsync(form, ct);
    }

    /// <summary>Launch configurations (the article's rollout uses them; Kiln uses launch templates): name → image.</summary>
    public async Task<IReadOnlyList<LaunchConfiguration>> DescribeLaunchConfigurationsAsync(
        IReadOnlyList<string>? names, CancellationToken ct)
    {
        var configs = new List<LaunchConfiguration>();
        string? next = null;
        do
        {
            var result = await transport.CallAsync(transport.NewForm("DescribeLaunchConfigurations")
                .AddMembers("LaunchConfigurationNames", names).Add("NextToken", next), ct);
            configs.AddRange(result.Members("LaunchConfigurations").Select(AutoScalingParser.LaunchConfiguration));
            next = result.Str("NextToken");
        } while (next is not null);
        return configs;
    }

    private static void AddLaunchTemplate(QueryForm form, LaunchTemplateRef lt) => form
        .Add("LaunchTemplate.LaunchTemplateId", lt.Id).Add("LaunchTemplate.LaunchTemplateName", lt.Id is null ? lt.Name : null)
        .Add("LaunchTemplate.Version", lt.Version);

    private static void AddTags(QueryForm form, string groupName, IReadOnlyList<AsgTag> tags) =>
        form.AddMembers("Tags", tags, (f, p, t) => f
            .Add($"{p}.ResourceId", groupName).Add($"{p}.ResourceType", "auto-scaling-group")
            .Add($"{p}.Key", t.Key).Add($"{p}.Value", t.Value).Add($"{p}.PropagateAtLaunch", t.PropagateAtLaunch));
}
