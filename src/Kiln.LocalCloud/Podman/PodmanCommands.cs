using System.Text.Json;

namespace Kiln.LocalCloud.Podman;

/// <summary>A machine's life as podman commands, one process per operation (KILN_PODMAN_API=0, and where podman's
/// service is not wanted).</summary>
public sealed class PodmanCommands(string executable = "podman") : IPodmanMachines
{
    public Task RunAsync(ContainerSpec spec, CancellationToken ct)
    {
        var args = new List<string>
        {
            // --pull=never: an image is always local; a lost one must fail at once ("image not known"), not after
            // a minute of podman trying https://localhost/v2/ (measured: 71 s before RunInstances gave up).
            "run", "-d", "--pull=never", "--name", spec.Name, "--hostname", spec.Hostname,
            "--runtime", ContainerSettings.Runtime, "--init",
            "-v", $"{spec.BootDirectory}:{ContainerSettings.BootMount}:ro",
        };
        foreach (var (type, limit) in ContainerSettings.Ulimits) { args.Add("--ulimit"); args.Add($"{type}={limit}:{limit}"); }
        if (spec.Network is { } network) args.AddRange(["--network", network]);
        // A machine without a public address publishes nothing: it is reached on podman's bridge, from another machine.
        if (spec.Published)
            foreach (var port in (int[])[22, .. spec.Ports ?? []]) { args.Add("-p"); args.Add($"{spec.Address}:{port}:{port}"); }
        foreach (var (k, v) in spec.Labels) { args.Add("--label"); args.Add($"{k}={v}"); }
        args.AddRange([spec.Image, ContainerSettings.BootCommand]);
        return CheckAsync(args, ct);
    }

    public Task StopAsync(string container, CancellationToken ct) =>
        CheckAsync(["stop", "-t", ContainerSettings.StopSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), container], ct);

    public Task StartAsync(string container, CancellationToken ct) => CheckAsync(["start", container], ct);

    public Task PauseAsync(string container, CancellationToken ct) => CheckAsync(["pause", container], ct);

    public Task UnpauseAsync(string container, CancellationToken ct) => CheckAsync(["unpause", container], ct);

    public Task CommitAsync(string container, string image, bool pause, CancellationToken ct) =>
        CheckAsync(["commit", "-q", $"--pause={(pause ? "true" : "false")}", "--change", $"LABEL {Setup.BaseImage.Label}=derived",
            container, image], ct);

    public async Task RemoveContainerAsync(string container, CancellationToken ct)
    {
        var r = await ExecAsync(["rm", "-f", "-t", "1", container], ct);
        if (!r.Ok && !r.Stderr.Contains("no such container", StringComparison.OrdinalIgnoreCase))
            throw new PodmanException($"podman rm {container} failed: {r.Stderr.Trim()}");
    }

    public async Task<bool> RemoveImageAsync(string image, CancellationToken ct)
    {
        var r = await ExecAsync(["rmi", image], ct);
        if (r.Ok || r.Stderr.Contains("image not known", StringComparison.OrdinalIgnoreCase)) return true;
        if (r.Stderr.Contains("in use", StringComparison.OrdinalIgnoreCase)) return false;
        throw new PodmanException($"podman rmi {image} failed: {r.Stderr.Trim()}");
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken ct) => (await ExecAsync(["image", "exists", image], ct)).Ok;

    public Task AddNamesAsync(string source, IReadOnlyList<string> targets, CancellationToken ct) => CheckAsync(["tag", source, .. targets], ct);

    public async Task<HashSet<string>?> ImageNamesAsync(string image, CancellationToken ct)
    {
        var r = await ExecAsync(["image", "inspect", "--format", "{{json .RepoTags}}", image], ct);
        if (!r.Ok) return null;
        using var names = JsonDocument.Parse(r.Stdout);
        return names.RootElement.ValueKind == JsonValueKind.Array
            ? names.RootElement.EnumerateArray().Select(n => n.GetString() ?? "").ToHashSet(StringComparer.Ordinal) : [];
    }

    public async Task<IReadOnlyDictionary<string, string>> ListContainersAsync(string label, CancellationToken ct)
    {
        // JSON, because podman 4.3's `--format {{.State}}` prints "Up 5 seconds ago", not the state word.
        var r = await CheckAsync(["ps", "-a", "--filter", $"label={label}", "--format", "json"], ct);
        if (r.Stdout.Trim().Length == 0) return new Dictionary<string, string>();
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.EnumerateArray().ToDictionary(
            c => c.GetProperty("Names")[0].GetString()!,
            c => c.TryGetProperty("State", out var s) ? s.GetString() ?? "" : "");
    }

    public async Task<string?> ContainerStateAsync(string container, CancellationToken ct)
    {
        var r = await ExecAsync(["inspect", "--type", "container", "--format", "{{.State.Status}}", container], ct);
        return r.Ok ? r.Stdout.Trim() : null;
    }

    public async Task<string> BridgeAddressAsync(string container, CancellationToken ct)
    {
        // The default network's address, then each network's (a container on another network has only those).
        var r = await ExecAsync(["inspect", "--format",
            "{{.NetworkSettings.IPAddress}}{{range .NetworkSettings.Networks}} {{.IPAddress}}{{end}}", container], ct);
        var address = r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(a => System.Net.IPAddress.TryParse(a, out _)) ?? "";
        if (!r.Ok || !System.Net.IPAddress.TryParse(address, out _))
            throw new PodmanException($"podman inspect {container} gave no bridge address: {r.Stderr.Trim()}");
        return address;
    }

    public async Task<bool> NetworkExistsAsync(string name, CancellationToken ct) => (await ExecAsync(["network", "exists", name], ct)).Ok;

    public async Task<IReadOnlyList<string>> ImageNamesMatchingAsync(string reference, CancellationToken ct) =>
        (await CheckAsync(["images", "--filter", $"reference={reference}", "--format", "{{.Repository}}:{{.Tag}}"], ct))
        .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Runs a podman command; a non-zero exit is a <see cref="PodmanException"/> naming it.</summary>
    public async Task<ProcessResult> CheckAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var r = await ExecAsync(args, ct);
        if (!r.Ok) throw new PodmanException($"podman {args[0]} failed ({r.ExitCode}): {r.Stderr.Trim()}");
        return r;
    }

    public Task<ProcessResult> ExecAsync(IReadOnlyList<string> args, CancellationToken ct) => ProcessRunner.RunAsync(executable, args, ct);
}
