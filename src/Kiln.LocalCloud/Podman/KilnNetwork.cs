namespace Kiln.LocalCloud.Podman;

/// <summary>
/// The local cloud's own network on podman's CNI backend, `kiln`: a bridge with host-local addresses and port
/// publishing, nothing else. podman's default network adds the firewall and tuning plug-ins and a masquerade chain per
/// container: 21 more processes (plug-ins and iptables) to start a container and 12 more to stop it, about 0.25 s of
/// CPU per machine's life. What they give a container — leaving through the host (masquerade) and being forwarded —
/// is three rules for the whole subnet here, checked once per process. The network is the machine's, like podman's
/// own: every Kiln home uses it and `kiln local-cloud remove` leaves it.
/// Rootless podman, another network backend (netavark) and KILN_PODMAN_NETWORK=podman keep podman's default network.
/// </summary>
public static class KilnNetwork
{
    public const string Name = "kiln";
    public const string Subnet = "10.90.0.0/16";
    public const string ConfigDirectory = "/etc/cni/net.d";
    public static string ConfigPath => Path.Combine(ConfigDirectory, Name + ".conflist");

    /// <summary>Where podman looks for CNI plug-ins (its default `cni_plugin_dirs`).</summary>
    private static readonly string[] PluginDirectories =
        ["/usr/local/libexec/cni", "/usr/libexec/cni", "/usr/local/lib/cni", "/usr/lib/cni", "/opt/cni/bin"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (bool Known, string? Name) chosen;

    /// <summary>The network a new container joins: <see cref="Name"/>, made ready once per process, or null for
    /// podman's default network.</summary>
    public static async Task<string?> ChooseAsync(IPodmanMachines machines, CancellationToken ct)
    {
        if (chosen.Known) return chosen.Name;
        await Gate.WaitAsync(ct);
        try
        {
            if (!chosen.Known) chosen = (true, await PrepareAsync(machines, ct));
            return chosen.Name;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string?> PrepareAsync(IPodmanMachines machines, CancellationToken ct)
    {
        var asked = Environment.GetEnvironmentVariable("KILN_PODMAN_NETWORK");
        if (!string.IsNullOrEmpty(asked)) return asked == "podman" ? null : asked;
        if (Environment.UserName != "root" || !PluginDirectories.Any(d => File.Exists(Path.Combine(d, "bridge")))) return null;
        // podman makes the directory only when it first writes its own network there.
        Directory.CreateDirectory(ConfigDirectory);
        await WriteConfigAsync(ct);
        var rules = EnsureRulesAsync(ct);
        // podman reads the directory again when it changes; a backend other than CNI never knows the network.
        var known = await machines.NetworkExistsAsync(Name, ct);
        await rules;
        return known ? Name : null;
    }

    /// <summary>The network's CNI configuration: written when missing or different, whole (renamed into place).</summary>
    private static async Task WriteConfigAsync(CancellationToken ct)
    {
        var text = Config();
        if (File.Exists(ConfigPath) && await File.ReadAllTextAsync(ConfigPath, ct) == text) return;
        var temporary = $"{ConfigPath}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, text, ct);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    public static string Config() => $$"""
        {
          "cniVersion": "0.4.0",
          "name": "{{Name}}",
          "plugins": [
            {
              "type": "bridge", "bridge": "cni-{{Name}}0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
              "ipam": { "type": "host-local", "routes": [{ "dst": "0.0.0.0/0" }], "ranges": [[{ "subnet": "{{Subnet}}" }]] }
            },
            { "type": "portmap", "capabilities": { "portMappings": true } }
          ]
        }

        """;

    /// <summary>The subnet's rules (table, how it is added, the rule), each added when `iptables -C` does not find it:
    /// traffic leaving the subnet is masqueraded, and the host forwards the subnet's traffic and the answers to it
    /// (first in FORWARD, as the firewall plug-in puts its chain).</summary>
    public static readonly IReadOnlyList<(string Table, string Add, string Rule)> Rules =
    [
        ("nat", "-A", $"POSTROUTING -s {Subnet} ! -d {Subnet} -m comment --comment kiln -j MASQUERADE"),
        ("filter", "-I", $"FORWARD -s {Subnet} -m comment --comment kiln -j ACCEPT"),
        ("filter", "-I", $"FORWARD -d {Subnet} -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment kiln -j ACCEPT"),
    ];

    private static async Task EnsureRulesAsync(CancellationToken ct)
    {
        // One shell for the three checks: `-C` exits 1 when the rule is missing, and only then is it added.
        var script = string.Join("; ", Rules.Select(r =>
            $"iptables -w -t {r.Table} -C {r.Rule} 2>/dev/null || iptables -w -t {r.Table} {r.Add} {r.Rule} || exit 1"));
        var result = await ProcessRunner.RunAsync("sh", ["-c", script], ct);
        if (!result.Ok) throw new PodmanException($"the `{Name}` network's iptables rules could not be added: {result.Stderr.Trim()}");
    }
}
