using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Deploy;

/// <summary>What every deploy knows, whatever the cloud: filled in by its steps. Each provider's state adds its own
/// typed nouns (Auto Scaling groups and launch template versions; managed instance groups and instance templates).</summary>
public abstract class DeployState(DeployRequest request)
{
    public DeployRequest Request { get; } = request;
    /// <summary>The group in service when the deploy started (blue); null for a first creation.</summary>
    public abstract string? BlueName { get; }
    /// <summary>The group that takes over (green): a new one, the previous one (rollback), or blue itself (in place).</summary>
    public string? GreenName { get; set; }
    /// <summary>This run made (or, for a rollback, restored) green.</summary>
    public bool GreenCreated { get; set; }
    public CloudImage? Image { get; set; }
    public ImageId? BlueImage { get; set; }
    public int Capacity { get; set; }
    /// <summary>Set the moment traffic moved: from then on the new version stays, whatever happens after.</summary>
    public bool Switched { get; set; }
    public TimeSpan? SwitchDuration { get; set; }
    /// <summary>How the change was made (a rollback goes back the way the deploy came).</summary>
    public DeployStrategy StrategyUsed { get; set; } = request.Strategy;
    /// <summary>The launch template version (AWS) new instances start from, for the result.</summary>
    public virtual int? TemplateVersion => null;
    /// <summary>The instance template (Compute Engine) new instances start from, for the result.</summary>
    public virtual string? Template => null;
    public List<string> Warnings { get; } = [];
}
