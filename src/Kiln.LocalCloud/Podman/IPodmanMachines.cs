namespace Kiln.LocalCloud.Podman;

/// <summary>The podman operations of a machine's life — run, stop, start, commit, remove, image names, listings — two
/// ways: through podman's REST service (<see cref="PodmanApi"/>) or a podman command each (<see cref="PodmanCommands"/>).
/// Both make the same containers and images (<see cref="ContainerSettings"/>).</summary>
public interface IPodmanMachines
{
    /// <summary>Creates and starts the container.</summary>
    Task RunAsync(ContainerSpec spec, CancellationToken ct);
    Task StopAsync(string container, CancellationToken ct);
    Task StartAsync(string container, CancellationToken ct);
    /// <summary>Freezes the container's processes (the cgroup freezer); its network and disk stay as they are.</summary>
    Task PauseAsync(string container, CancellationToken ct);
    /// <summary>Thaws a paused container.</summary>
    Task UnpauseAsync(string container, CancellationToken ct);
    /// <summary>Commits the container as <paramref name="image"/>, labelled as derived from the base image.</summary>
    Task CommitAsync(string container, string image, bool pause, CancellationToken ct);
    /// <summary>Removes a container; one that does not exist is already removed.</summary>
    Task RemoveContainerAsync(string container, CancellationToken ct);
    /// <summary>Removes an image name: true when it is gone (or never was), false when a container still uses it.</summary>
    Task<bool> RemoveImageAsync(string image, CancellationToken ct);
    Task<bool> ImageExistsAsync(string image, CancellationToken ct);
    /// <summary>Adds the names to the image <paramref name="source"/> names.</summary>
    Task AddNamesAsync(string source, IReadOnlyList<string> targets, CancellationToken ct);
    /// <summary>Every name of the image <paramref name="image"/> names; null when no image has that name.</summary>
    Task<HashSet<string>?> ImageNamesAsync(string image, CancellationToken ct);
    /// <summary>Containers carrying a label, with their state (`running`, `exited`, …).</summary>
    Task<IReadOnlyDictionary<string, string>> ListContainersAsync(string label, CancellationToken ct);
    /// <summary>A container's state, or null when it does not exist.</summary>
    Task<string?> ContainerStateAsync(string container, CancellationToken ct);
    /// <summary>podman knows the network (its backend read the network's configuration).</summary>
    Task<bool> NetworkExistsAsync(string name, CancellationToken ct);
    /// <summary>The container's address on its bridge network; throws when it has none.</summary>
    Task<string> BridgeAddressAsync(string container, CancellationToken ct);
    /// <summary>Every name of the images a reference filter selects (other repositories' names of them included).</summary>
    Task<IReadOnlyList<string>> ImageNamesMatchingAsync(string reference, CancellationToken ct);
}
