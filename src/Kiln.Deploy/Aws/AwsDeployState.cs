using Kiln.Aws.AutoScaling;

namespace Kiln.Deploy.Aws;

/// <summary>A deploy's state in EC2's nouns: Auto Scaling groups, launch template versions, target groups.</summary>
public sealed class AwsDeployState(DeployRequest request) : DeployState(request)
{
    /// <summary>The group in service when the deploy started.</summary>
    public AutoScalingGroup? Blue { get; set; }
    public override string? BlueName => Blue?.Name;
    public string TemplateId { get; set; } = "";
    public int BlueVersion { get; set; }
    /// <summary>The launch template version the new instances launch from.</summary>
    public int? TargetVersion { get; set; }
    public override int? TemplateVersion => TargetVersion;
    public IReadOnlyList<string> TargetGroups { get; set; } = [];
    public string? RefreshId { get; set; }
}
