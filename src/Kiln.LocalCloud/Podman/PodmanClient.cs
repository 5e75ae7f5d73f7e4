namespace Kiln.LocalCloud.Podman;

/// <summary>
/// The podman operations the local cloud uses: a machine's life (run, stop, commit, remove, names, listings) through
/// <see cref="IPodmanMachines"/> — podman's libpod REST service (<see cref="PodmanApi"/>; the docker-compatible API is
/// not used: its commit fails on podman 4.3) or podman commands (<see cref="PodmanCommands"/>) — and the rest (setup,
/// `podman exec`, batch removal) as podman commands.
/// </summary>
public sealed class PodmanClient(string executable = "podman", IPodmanMachines? machines = null)
{
    private readonly PodmanCommands commands = new(executable);

    /// <summary>The machines' operations: the service's when given, else the same podman commands as the rest.</summary>
    private IPodmanMachines Machines => machines ?? commands;

    /// <summary>The local cloud's client: through podman's service unless KILN_PODMAN_API=0 asks for the commands.</summary>
    public static PodmanClient Shared() =>
        Environment.GetEnvironmentVariable("KILN_PODMAN_API") == "0" ? new PodmanClient()
            : new PodmanClient("podman", SharedApi.Value);

    private static readonly Lazy<PodmanApi> SharedApi =
        new(() => new PodmanApi(new PodmanService("podman", PodmanService.DefaultSocketPath())));

    /// <summary>Creates and starts the container, on the local cloud's network (<see cref="KilnNetwork"/>), where Kiln
    /// publishes its ports (<see cref="LoopbackPorts"/>); on another network podman publishes them.</summary>
    public async Task RunAsync(ContainerSpec spec, CancellationToken ct)
    {
        var network = spec.Network ?? await KilnNetwork.ChooseAsync(Machines, ct);
        var own = spec.Published && network == KilnNetwork.Name;
        await Machines.RunAsync(spec with { Network = network, Published = spec.Published && !own }, ct);
        if (own)
            await LoopbackPorts.ForwardAsync(spec.Name, spec.Address, [22, .. spec.Ports ?? []],
                await Machines.BridgeAddressAsync(spec.Name, ct), ct);
    }

    /// <summary>Stops the container: its processes are told to end (SIGTERM, then SIGKILL after a second) and its
    /// network is taken down. A reboot's first half (CreateImage without NoReboot).</summary>
    public Task StopAsync(string container, CancellationToken ct) => Machines.StopAsync(container, ct);

    /// <summary>Halts a machine as a stopped instance is: its processes frozen (podman pause: ~0.05 s, against ~0.3 s
    /// for a stop, most of it the network's teardown), its disk quiet and ready to be imaged. What the stop would
    /// take down goes when the machine is started (<see cref="StartAsync"/>) or removed, usually off the caller's
    /// path. Where podman cannot freeze (rootless podman on cgroup v1), the machine is stopped.</summary>
    public async Task HaltAsync(string container, CancellationToken ct)
    {
        try { await Machines.PauseAsync(container, ct); }
        catch (PodmanException) { await Machines.StopAsync(container, ct); }
    }

    /// <summary>Starts a halted or stopped machine as a boot: a frozen one is thawed and stopped first, so its
    /// processes end and its boot script runs again, as after a stop.</summary>
    public async Task StartAsync(string container, CancellationToken ct)
    {
        if (await Machines.ContainerStateAsync(container, ct) == "paused")
        {
            await Machines.UnpauseAsync(container, ct);
            await Machines.StopAsync(container, ct);
        }
        await Machines.StartAsync(container, ct);
        // A start may give the container another bridge address: its published ports follow it.
        await LoopbackPorts.RetargetAsync(container, t => Machines.BridgeAddressAsync(container, t), ct);
    }

    /// <summary>The container's address on podman's bridge network (its private address when it publishes nothing).</summary>
    public Task<string> BridgeAddressAsync(string container, CancellationToken ct) => Machines.BridgeAddressAsync(container, ct);

    public Task CommitAsync(string container, string image, bool pause, CancellationToken ct) =>
        Machines.CommitAsync(container, image, pause, ct);

    /// <summary>Removes a container; one that does not exist is already removed.</summary>
    public async Task RemoveContainerAsync(string container, CancellationToken ct)
    {
        await Machines.RemoveContainerAsync(container, ct);
        await LoopbackPorts.RemoveAsync(container, ct);
    }

    /// <summary>Removes an image name; false when a container still uses it (it is then left for later).</summary>
    public async Task<bool> RemoveImageAsync(string image, CancellationToken ct)
    {
        using (await ImageNamesLock.TakeAsync(ct)) return await Machines.RemoveImageAsync(image, ct);
    }

    /// <summary>Removes image names in one `podman rmi` (names already gone are skipped); when that fails, name by name,
    /// so the error names the one that could not go.</summary>
    public async Task RemoveImagesAsync(IReadOnlyList<string> images, CancellationToken ct)
    {
        if (images.Count == 0) return;
        ProcessResult r;
        using (await ImageNamesLock.TakeAsync(ct)) r = await ExecAsync(["rmi", "--ignore", .. images], ct);
        if (r.Ok) return;
        foreach (var image in images)
            if (!await RemoveImageAsync(image, ct)) throw new PodmanException($"podman rmi {image}: a container still uses it");
    }

    public Task<bool> ImageExistsAsync(string image, CancellationToken ct) => Machines.ImageExistsAsync(image, ct);

    /// <summary>Adds the names to the image <paramref name="source"/> names (no check: see <see cref="ImageTagger"/>).</summary>
    public Task AddNamesAsync(string source, IReadOnlyList<string> targets, CancellationToken ct) =>
        Machines.AddNamesAsync(source, targets, ct);

    /// <summary>Every name of the image <paramref name="image"/> names; null when no image has that name.</summary>
    public Task<HashSet<string>?> ImageNamesAsync(string image, CancellationToken ct) => Machines.ImageNamesAsync(image, ct);

    /// <summary>Adds a name, under <see cref="ImageNamesLock"/>, and checks that it is there (see <see cref="ImageTagger"/>:
    /// names asked for at about the same moment are added together).</summary>
    public Task TagAsync(string source, string target, CancellationToken ct) => ImageTagger.TagAsync(this, source, target, ct);

    /// <summary>Containers carrying a label, with their state (`running`, `exited`, …).</summary>
    public Task<IReadOnlyDictionary<string, string>> ListContainersAsync(string label, CancellationToken ct) =>
        Machines.ListContainersAsync(label, ct);

    /// <summary>A container's state, or null when it does not exist.</summary>
    public Task<string?> ContainerStateAsync(string container, CancellationToken ct) => Machines.ContainerStateAsync(container, ct);

    /// <summary>`repository:tag` names in one repository. The reference filter selects images, and podman then
    /// gives every name of each (the shared base image's too): only names in the repository are kept.</summary>
    public async Task<IReadOnlyList<string>> ListImagesAsync(string repository, CancellationToken ct) =>
        (await Machines.ImageNamesMatchingAsync(repository, ct)).Where(name => name.StartsWith(repository + ":", StringComparison.Ordinal)).ToList();

    public Task<ProcessResult> CheckAsync(IReadOnlyList<string> args, CancellationToken ct) => commands.CheckAsync(args, ct);

    public Task<ProcessResult> ExecAsync(IReadOnlyList<string> args, CancellationToken ct) => commands.ExecAsync(args, ct);
}
