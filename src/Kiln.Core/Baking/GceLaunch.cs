namespace Kiln.Core.Baking;

/// <summary>How the builder instance is launched on Compute Engine beyond what both clouds share (Packer
/// googlecompute's tags, metadata, network and scheduling options). Empty values mean Google's defaults.</summary>
public sealed record GceLaunch
{
    /// <summary>Network tags the instance carries besides the run's own (the SSH rule's target tag).</summary>
    public IReadOnlyList<string> NetworkTags { get; init; } = [];
    /// <summary>Instance metadata; the run's key is added to `ssh-keys`, a startup script goes in as `startup-script`.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public string? Subnetwork { get; init; }
    public bool Preemptible { get; init; }
    /// <summary>The instance's service account; null: the project's default (unless <see cref="NoServiceAccount"/>).</summary>
    public string? ServiceAccountEmail { get; init; }
    /// <summary>OAuth scopes of the service account; null: Packer's defaults.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }
    public bool NoServiceAccount { get; init; }
    /// <summary>Where the image is stored (image_storage_locations); empty: Google's default.</summary>
    public IReadOnlyList<string> StorageLocations { get; init; } = [];
}
