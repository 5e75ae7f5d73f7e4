using Kiln.Aws.AutoScaling;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Deploy;

/// <summary>The typed state of one deploy, filled in by its steps.</summary>
public sealed class DeployState(DeployRequest request)
{
    public DeployRequest Request { get; } = request;
    /// <summary>The group in service when the deploy started (blue).</summary>
    public AutoScalingGroup? Blue { get; set; }
    /// <summary>The group that takes over (green): a new one, or for a rollback the previous one.</summary>
    public string? GreenName { get; set; }
    public bool GreenCreated { get; set; }
    public CloudImage? Image { get; set; }
    public ImageId? BlueImage { get; set; }
    public string TemplateId { get; set; } = "";
    public int BlueVersion { get; set; }
    /// <summary>The launch template version the new instances launch from.</summary>
    public int? TargetVersion { get; set; }
    public IReadOnlyList<string> TargetGroups { get; set; } = [];
    public int Capacity { get; set; }
    /// <summary>Set the moment traffic moved: from then on the new group stays, whatever happens after.</summary>
    public bool Switched { get; set; }
    public string? RefreshId { get; set; }
    public TimeSpan? SwitchDuration { get; set; }
    public List<string> Warnings { get; } = [];
}
