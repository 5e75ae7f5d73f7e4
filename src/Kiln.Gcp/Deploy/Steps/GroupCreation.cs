using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>A group of the deploy, as `--create` and a blue/green deploy make it.</summary>
public static class GroupCreation
{
    /// <summary>Autohealed by <paramref name="healthCheck"/>; updated PROACTIVE, never below its size (maxUnavailable 0).</summary>
    public static async Task InsertAsync(GceDeployContext c, string name, string template, int size, string healthCheck, string description, CancellationToken ct)
    {
        var f = c.Fleet;
        var op = await f.Api.StartInsertGroupManagerAsync(f.Project, f.Zone, new InstanceGroupManager
        {
            Name = name,
            Description = description,
            BaseInstanceName = name,
            InstanceTemplate = f.GlobalUrl($"instanceTemplates/{template}"),
            TargetSize = size,
            AutoHealingPolicies = [new AutoHealingPolicy(healthCheck, StepCreateFirstGroup.InitialDelaySec)],
            UpdatePolicy = Rolling(1),
        }, ct);
        await f.Api.WaitAsync(f.Project, op, ct);
    }

    /// <summary>Google's rolling update: replace proactively, <paramref name="surge"/> extra instances at a time, none
    /// taken away before its replacement runs.</summary>
    public static UpdatePolicy Rolling(int surge) =>
        new("PROACTIVE", "REPLACE", new FixedOrPercent(Fixed: surge), new FixedOrPercent(Fixed: 0), "SUBSTITUTE");
}
