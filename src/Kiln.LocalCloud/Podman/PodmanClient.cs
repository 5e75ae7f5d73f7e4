namespace Kiln.LocalCloud.Podman;

/// <summary>
/// The podman operations the local cloud uses. Flags: crun fails on some hosts' cgroups (runc), raising RLIMIT_NOFILE
/// may not be permitted (explicit ulimits), and `--init` makes SIGTERM stop a container at once. With a
/// <see cref="PodmanApi"/>, a machine's life (run, stop, commit, remove, names, listings) goes through podman's libpod
/// REST service with the same settings (the docker-compatible API is not used: its commit fails on podman 4.3); the
/// rest stays podman commands.
/// </summary>
public sealed class PodmanClient(string executable = "podman", PodmanApi? api = null)
{
    public const string BootMount = "/kiln-boot";

    /// <summary>The local cloud's client: through podman's service unless KILN_PODMAN_API=0 asks for the commands.</summary>
    public static PodmanClient Shared() =>
        Environment.GetEnvironmentVariable("KILN_PODMAN_API") == "0" ? new PodmanClient()
            : new PodmanClient("podman", SharedApi.Value);

    private static readonly Lazy<PodmanApi> SharedApi =
        new(() => new PodmanApi(new PodmanService("podman", PodmanService.DefaultSocketPath())));

    public async Task RunAsync(ContainerSpec spec, CancellationToken ct)
    {
        if (api is not null) { await api.RunAsync(spec, ct); return; }
        var args = new List<string>
        {
            // --pull=never: an image is always local; a lost one must fail at once ("image not known"), not after
            // a minute of podman trying https://localhost/v2/ (measured: 71 s before RunInstances gave up).
            "run", "-d", "--pull=never", "--name", spec.Name, "--hostname", spec.Hostname,
            "--runtime", "runc", "--init", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096",
            "-v", $"{spec.BootDirectory}:{BootMount}:ro",
        };
        // A machine without a public address publishes nothing: it is reached on podman's bridge, from another machine.
        if (spec.Published)
            foreach (var port in (int[])[22, .. spec.Ports ?? []]) { args.Add("-p"); args.Add($"{spec.Address}:{port}:{port}"); }
        foreach (var (k, v) in spec.Labels) { args.Add("--label"); args.Add($"{k}={v}"); }
        args.AddRange([spec.Image, $"{BootMount}/boot.sh"]);
        await CheckAsync(args, ct);
    }

    /// <summary>A one-second grace: sshd exits on SIGTERM at once, and user processes must not hold a stop for 10 s.</summary>
    public Task StopAsync(string container, CancellationToken ct) =>
        api?.StopAsync(container, ct) ?? CheckAsync(["stop", "-t", "1", container], ct);

    public Task StartAsync(string container, CancellationToken ct) =>
        api?.StartAsync(container, ct) ?? CheckAsync(["start", container], ct);

    /// <summary>The container's address on podman's bridge network (its private address when it publishes nothing).</summary>
    public async Task<string> BridgeAddressAsync(string container, CancellationToken ct)
    {
        if (api is not null)
        {
            using var inspected = await api.InspectContainerAsync(container, ct);
            var found = inspected is not null && inspected.RootElement.TryGetProperty("NetworkSettings", out var net)
                && net.TryGetProperty("IPAddress", out var ip) ? ip.GetString() ?? "" : "";
            if (!System.Net.IPAddress.TryParse(found, out _))
                throw new PodmanException($"podman inspect {container} gave no bridge address{(inspected is null ? ": no such container" : "")}");
            return found;
        }
        var r = await ExecAsync(["inspect", "--format", "{{.NetworkSettings.IPAddress}}", container], ct);
        var address = r.Stdout.Trim();
        if (!r.Ok || !System.Net.IPAddress.TryParse(address, out _))
            throw new PodmanException($"podman inspect {container} gave no bridge address: {r.Stderr.Trim()}");
        return address;
    }

    public Task CommitAsync(string container, string image, bool pause, CancellationToken ct) =>
        api?.CommitAsync(container, image, pause, ct) ?? CheckAsync(["commit", "-q", $"--pause={(pause ? "true" : "false")}",
            "--change", $"LABEL {Setup.BaseImage.Label}=derived", container, image], ct);

    /// <summary>Removes a container; one that does not exist is already removed.</summary>
    public async Task RemoveContainerAsync(string container, CancellationToken ct)
    {
        if (api is not null) { await api.RemoveContainerAsync(container, ct); return; }
        var r = await ExecAsync(["rm", "-f", "-t", "1", container], ct);
        if (!r.Ok && !r.Stderr.Contains("no such container", StringComparison.OrdinalIgnoreCase))
            throw new PodmanException($"podman rm {container} failed: {r.Stderr.Trim()}");
    }

    /// <summary>Removes an image name; false when a container still uses it (it is then left for later).</summary>
    public async Task<bool> RemoveImageAsync(string image, CancellationToken ct)
    {
        ProcessResult r;
        using (await ImageNamesLock.TakeAsync(ct))
        {
            if (api is not null) return await api.RemoveImageAsync(image, ct);
            r = await ExecAsync(["rmi", image], ct);
        }
        if (r.Ok || r.Stderr.Contains("image not known", StringComparison.OrdinalIgnoreCase)) return true;
        if (r.Stderr.Contains("in use", StringComparison.OrdinalIgnoreCase)) return false;
        throw new PodmanException($"podman rmi {image} failed: {r.Stderr.Trim()}");
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

    public async Task<bool> ImageExistsAsync(string image, CancellationToken ct) =>
        api is not null ? await api.ImageExistsAsync(image, ct) : (await ExecAsync(["image", "exists", image], ct)).Ok;

    /// <summary>Adds the names to the image <paramref name="source"/> names (no check: see <see cref="ImageTagger"/>).</summary>
    public Task AddNamesAsync(string source, IReadOnlyList<string> targets, CancellationToken ct) =>
        api?.TagAsync(source, targets, ct) ?? CheckAsync(["tag", source, .. targets], ct);

    /// <summary>Every name of the image <paramref name="image"/> names; null when no image has that name.</summary>
    public async Task<HashSet<string>?> ImageNamesAsync(string image, CancellationToken ct)
    {
        if (api is not null) return await api.ImageNamesAsync(image, ct);
        var r = await ExecAsync(["image", "inspect", "--format", "{{json .RepoTags}}", image], ct);
        if (!r.Ok) return null;
        using var names = System.Text.Json.JsonDocument.Parse(r.Stdout);
        return names.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
            ? names.RootElement.EnumerateArray().Select(n => n.GetString() ?? "").ToHashSet(StringComparer.Ordinal) : [];
    }

    /// <summary>Adds a name, under <see cref="ImageNamesLock"/>, and checks that it is there (see <see cref="ImageTagger"/>:
    /// names asked for at about the same moment are added together).</summary>
    public Task TagAsync(string source, string target, CancellationToken ct) => ImageTagger.TagAsync(this, source, target, ct);

    /// <summary>Containers carrying a label, with their state (`running`, `exited`, …).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListContainersAsync(string label, CancellationToken ct)
    {
        if (api is not null) return await api.ListContainersAsync(label, ct);
        // JSON, because podman 4.3's `--format {{.State}}` prints "Up 5 seconds ago", not the state word.
        var r = await CheckAsync(["ps", "-a", "--filter", $"label={label}", "--format", "json"], ct);
        if (r.Stdout.Trim().Length == 0) return new Dictionary<string, string>();
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        return doc.RootElement.EnumerateArray().ToDictionary(
            c => c.GetProperty("Names")[0].GetString()!,
            c => c.TryGetProperty("State", out var s) ? s.GetString() ?? "" : "");
    }

    /// <summary>A container's state, or null when it does not exist.</summary>
    public async Task<string?> ContainerStateAsync(string container, CancellationToken ct)
    {
        if (api is not null)
        {
            using var inspected = await api.InspectContainerAsync(container, ct);
            return inspected?.RootElement.GetProperty("State").GetProperty("Status").GetString();
        }
        var r = await ExecAsync(["inspect", "--type", "container", "--format", "{{.State.Status}}", container], ct);
        return r.Ok ? r.Stdout.Trim() : null;
    }

    /// <summary>`repository:tag` names in one repository. The reference filter selects images, and podman then
    /// prints every name of each (the shared base image's too): only names in the repository are kept.</summary>
    public async Task<IReadOnlyList<string>> ListImagesAsync(string repository, CancellationToken ct)
    {
        var names = api is not null ? await api.ListImageNamesAsync(repository, ct)
            : Lines(await CheckAsync(["images", "--filter", $"reference={repository}", "--format", "{{.Repository}}:{{.Tag}}"], ct));
        return names.Where(name => name.StartsWith(repository + ":", StringComparison.Ordinal)).ToList();
    }

    public async Task<ProcessResult> CheckAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var r = await ExecAsync(args, ct);
        if (!r.Ok) throw new PodmanException($"podman {args[0]} failed ({r.ExitCode}): {r.Stderr.Trim()}");
        return r;
    }

    public Task<ProcessResult> ExecAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        ProcessRunner.RunAsync(executable, args, ct);

    private static IReadOnlyList<string> Lines(ProcessResult r) =>
        r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
