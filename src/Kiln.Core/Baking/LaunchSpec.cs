namespace Kiln.Core.Baking;

/// <summary>Where and how the temporary instance is launched (Packer's amazon-ebs run options). Empty values
/// mean the cloud's defaults: the default VPC and subnet, a temporary security group, the subnet's public-IP rule.</summary>
public sealed record LaunchSpec
{
    public string? VpcId { get; init; }
    public string? SubnetId { get; init; }
    /// <summary>Existing groups to use instead of a temporary one (security_group_id(s)).</summary>
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    public bool? AssociatePublicIp { get; init; }
    /// <summary>vpc_filter, subnet_filter, security_group_filter; an id given beside its filter wins, as in Packer.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public NetworkFilters? Filters { get; init; }
    /// <summary>"stop" or "terminate"; null: the cloud's default (stop).</summary>
    public string? ShutdownBehavior { get; init; }
    /// <summary>Compute Engine's network (default: `default`).</summary>
    public string? Network { get; init; }
    /// <summary>What only an EC2 launch takes; null: nothing beyond the above (left out of the bake's inputs digest
    /// then, so the digests of earlier bakes still match).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Ec2Launch? Ec2 { get; init; }
    /// <summary>What only a Compute Engine launch takes.</summary>
    public GceLaunch Gce { get; init; } = new();
}
