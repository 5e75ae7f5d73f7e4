using Kiln.Deploy;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy;

/// <summary>A deploy's state in Compute Engine's nouns: managed instance groups, instance templates, the regional
/// backend service the groups serve behind.</summary>
public sealed class GceDeployState(DeployRequest request) : DeployState(request)
{
    /// <summary>The group in service when the deploy started.</summary>
    public InstanceGroupManager? Blue { get; set; }
    public override string? BlueName => Blue?.Name;
    /// <summary>The template blue's instances run (for a canary under way: its first, old version).</summary>
    public string? BlueTemplate { get; set; }
    /// <summary>The template the new instances start from.</summary>
    public string? NewTemplate { get; set; }
    public override string? Template => NewTemplate;
    /// <summary>The backend service (and forwarding rule) in front of the deploy's groups.</summary>
    public BackendService? Service { get; set; }
    /// <summary>What a later `kiln rollback` goes back to, written on the backend service once traffic moved.</summary>
    public RollbackTarget? Rollback { get; set; }
    /// <summary>A canary: how many of the group's instances run the new template.</summary>
    public int? CanarySize { get; set; }
    /// <summary>Traffic left blue (its backend was removed): a failure from here puts it back.</summary>
    public bool BlueDetached { get; set; }
}
