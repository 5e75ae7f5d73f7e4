namespace Kiln.LocalCloud.Podman;

/// <summary>
/// The local cloud's own network on podman's CNI backend, `kiln-bridge`: a bridge with host-local addresses, nothing else.
/// podman's default network adds the firewall and tuning plug-ins and a masquerade chain per container, and its port
/// publishing (the portmap plug-in) runs 19 iptables at each start and 18 at each stop. What those give a container —
/// leaving through the host (masquerade), being forwarded, its ports on its loopback address — is a few rules for the
/// whole subnet here, checked once per process, and a DNAT rule per machine in Kiln's own chain
/// (<see cref="LoopbackPorts"/>). The network is the machine's, like podman's own: every Kiln home uses it and
/// `kiln local-cloud remove` leaves it.
/// Rootless podman, another network backend (netavark) and KILN_PODMAN_NETWORK=podman keep podman's default network
/// and its port publishing.
/// </summary>
public static class KilnNetwork
{
    /// <summary>Kiln before this network had `kiln` (10.90.0.0/16, with portmap); both may live on one machine.</summary>
    public const string Name = "kiln-bridge";
    public const string Subnet = "10.91.0.0/16";
    public const string ConfigDirectory = "/etc/cni/net.d";
    /// <summary>The bridge's interface on this machine.</summary>
    public const string Bridge = "cni-kiln-br0";
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
        if (!string.IsNullOrEmpty(asked) && asked != Name) return asked == "podman" ? null : asked;
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
              "type": "bridge", "bridge": "{{Bridge}}", "isGateway": true, "ipMasq": false, "hairpinMode": true,
              "ipam": { "type": "host-local", "routes": [{ "dst": "0.0.0.0/0" }], "ranges": [[{ "subnet": "{{Subnet}}" }]] }
            }
          ]
        }

        """;

    /// <summary>The subnet's rules (table, how it is added, the rule), each added when `iptables -C` does not find it:
    /// traffic leaving the subnet is masqueraded, and the host forwards the subnet's traffic and the answers to it
    /// (first in FORWARD, as the firewall plug-in puts its chain); connections to a loopback address go through
    /// <see cref="LoopbackPorts.Chain"/> (first in OUTPUT), and those it sends into the subnet leave with the bridge's
    /// address (a loopback source cannot be answered from a container).</summary>
    public static readonly IReadOnlyList<(string Table, string Add, string Rule)> Rules =
    [
        ("nat", "-A", $"POSTROUTING -s {Subnet} ! -d {Subnet} -m comment --comment kiln -j MASQUERADE"),
        ("filter", "-I", $"FORWARD -s {Subnet} -m comment --comment kiln -j ACCEPT"),
        ("filter", "-I", $"FORWARD -d {Subnet} -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment kiln -j ACCEPT"),
        ("nat", "-I", $"OUTPUT -d 127.0.0.0/8 -m comment --comment kiln -j {LoopbackPorts.Chain}"),
        ("nat", "-A", $"POSTROUTING -s 127.0.0.0/8 -d {Subnet} -m comment --comment kiln -j MASQUERADE"),
    ];

    private static async Task EnsureRulesAsync(CancellationToken ct)
    {
        // One shell for the checks: `-C` exits 1 when the rule is missing, and only then is it added. The chain first:
        // a rule cannot jump to a chain that does not exist.
        var script = $"iptables -w -t nat -S {LoopbackPorts.Chain} >/dev/null 2>&1 || iptables -w -t nat -N {LoopbackPorts.Chain} || exit 1; "
            + string.Join("; ", Rules.Select(r =>
                $"iptables -w -t {r.Table} -C {r.Rule} 2>/dev/null || iptables -w -t {r.Table} {r.Add} {r.Rule} || exit 1"));
        var result = await ProcessRunner.RunAsync("sh", ["-c", script], ct);
        if (!result.Ok) throw new PodmanException($"the `{Name}` network's iptables rules could not be added: {result.Stderr.Trim()}");
    }
}
