using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.State;

// Instance templates and managed instance groups, in the state store beside the other Compute Engine rows (id: the
// path from `projects/`).

/// <summary>An instance template: its `properties` kept as the JSON the caller sent (an instance's insert body without
/// its name), so a group's instances are made from them by instances.insert itself.</summary>
public sealed record GceInstanceTemplateRecord(
    string Id, ulong Number, string Project, string Name, string? Description, string PropertiesJson, DateTimeOffset Created)
    : IStateObject<GceInstanceTemplateRecord>
{
    public static string Kind => "gce-instance-template";
    string? IStateObject<GceInstanceTemplateRecord>.Name => Id;
}

/// <summary>A count given as a number or a percent of the group's target size (Google's FixedOrPercent).</summary>
public sealed record GceFixedOrPercent(int? Fixed, int? Percent)
{
    /// <summary>Percents round down for sizes and maxUnavailable, up for maxSurge, as Google rounds them.</summary>
    public int Of(int targetSize, bool roundUp = false) => Fixed ?? (Percent is { } p
        ? (int)(roundUp ? Math.Ceiling(targetSize * p / 100.0) : Math.Floor(targetSize * p / 100.0)) : 0);
}

/// <summary>One version of a group: a template and, for all but one version, a target size.</summary>
public sealed record GceGroupVersion(string? Name, string InstanceTemplate, GceFixedOrPercent? TargetSize);

/// <summary>updatePolicy. Type PROACTIVE replaces instances that are not on their version's template; OPPORTUNISTIC
/// only makes new ones from it.</summary>
public sealed record GceUpdatePolicy(string Type, string MinimalAction, GceFixedOrPercent MaxSurge, GceFixedOrPercent MaxUnavailable,
    string ReplacementMethod)
{
    public static readonly GceUpdatePolicy Default = new("OPPORTUNISTIC", "REPLACE", new(1, null), new(1, null), "SUBSTITUTE");
}

public sealed record GceAutoHealing(string HealthCheck, int InitialDelaySec);

public sealed record GceNamedPort(string Name, int Port);

/// <summary>A managed instance. Action: CREATING, NONE, DELETING (draining, then deleted), RECREATING.</summary>
public sealed record GceManagedInstance(string Name, string Instance, ulong? Number, string InstanceTemplate, string? VersionName,
    string Action, DateTimeOffset Created, DateTimeOffset? Started = null, string? LastError = null);

/// <summary>A managed instance group in one zone; its instance group (zones/{z}/instanceGroups/{name}) is the same row.</summary>
public sealed record GceInstanceGroupManagerRecord(
    string Id, ulong Number, ulong GroupNumber, string Project, string Zone, string Name, string? Description, string BaseInstanceName,
    int TargetSize, IReadOnlyList<GceGroupVersion> Versions, GceUpdatePolicy UpdatePolicy, IReadOnlyList<GceAutoHealing> AutoHealing,
    IReadOnlyList<GceNamedPort> NamedPorts, string Fingerprint, string GroupFingerprint, IReadOnlyList<GceManagedInstance> Members,
    DateTimeOffset Created, bool Deleting = false) : IStateObject<GceInstanceGroupManagerRecord>
{
    public static string Kind => "gce-instance-group-manager";
    string? IStateObject<GceInstanceGroupManagerRecord>.Name => Id;
    public string GroupPath => $"projects/{Project}/zones/{Zone}/instanceGroups/{Name}";
    /// <summary>The template of the version without a target size (Google's `instanceTemplate` field).</summary>
    public string InstanceTemplate => Versions.FirstOrDefault(v => v.TargetSize is null)?.InstanceTemplate ?? Versions[0].InstanceTemplate;
}
