namespace Kiln.Core;

/// <summary>One type per cloud id, so an instance id can never be passed where an image id is expected.</summary>
public readonly record struct ImageId(string Value) { public override string ToString() => Value; }
public readonly record struct InstanceId(string Value) { public override string ToString() => Value; }
public readonly record struct SnapshotId(string Value) { public override string ToString() => Value; }
public readonly record struct SecurityGroupId(string Value) { public override string ToString() => Value; }
public readonly record struct KeyPairName(string Value) { public override string ToString() => Value; }
public readonly record struct LaunchTemplateId(string Value) { public override string ToString() => Value; }
/// <summary>A temporary rule opening SSH to the caller: an EC2 security group id, a GCE firewall rule name.</summary>
public readonly record struct SshRuleId(string Value) { public override string ToString() => Value; }
/// <summary>A persistent disk (GCE): the boot disk an image is made from.</summary>
public readonly record struct DiskId(string Value) { public override string ToString() => Value; }

/// <summary>A run's id: sortable by start time, short enough for resource names (`kiln-20261126-143800-ab12`).</summary>
public readonly record struct RunId(string Value)
{
    public static RunId New(TimeProvider clock) =>
        new($"kiln-{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 2).ToLowerInvariant()}");

    /// <summary>When the run started, read from its id (UTC, to the second); null for an id Kiln did not make.</summary>
    public DateTimeOffset? Started =>
        Value.Length >= 20 && Value.StartsWith("kiln-", StringComparison.Ordinal)
        && DateTimeOffset.TryParseExact(Value.AsSpan(5, 15), "yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var started) ? started : null;

    public override string ToString() => Value;
}
