using System.Globalization;
using System.Text;

namespace Kiln.LocalCloud.Podman;

/// <summary>
/// The ports a machine on the `kiln-bridge` network publishes on its loopback address: DNAT rules in Kiln's own chain
/// (<see cref="Chain"/> in the nat table, reached from OUTPUT for 127.0.0.0/8; see <see cref="KilnNetwork"/>) instead of
/// CNI's portmap plug-in, which ran 19 iptables at each start and 18 at each stop. A change is one `iptables -S` and
/// one `iptables-restore`, made after the container starts (its bridge address is known then), again after a restart
/// (the address may change) and when the container is removed. Each rule names its container in a comment. A rule
/// left by a container removed behind Kiln's back (`podman rm`) goes when another machine is given the same loopback
/// address: that machine's rules replace every rule for the address.
/// </summary>
public static class LoopbackPorts
{
    public const string Chain = "KILN-PORTS";

    /// <summary>A multiport match takes at most 15 ports.</summary>
    private const int PortsPerRule = 15;

    /// <summary>Forwards <paramref name="ports"/> of <paramref name="address"/> to the same ports of
    /// <paramref name="target"/> (the container's bridge address), replacing any rule for the container or the address.</summary>
    public static Task ForwardAsync(string container, string address, IReadOnlyList<int> ports, string target, CancellationToken ct)
    {
        AllowLoopbackSources();
        return ChangeAsync(rules => Task.FromResult((rules.Where(r => Names(r, container) || r.Contains($" -d {address}/32 ", StringComparison.Ordinal)),
            Rules(container, address, ports, target))), optional: false, ct);
    }

    /// <summary>A connection from this machine to a loopback address keeps its loopback source until POSTROUTING
    /// masquerades it; the kernel routes such packets out of the bridge only with route_localnet (as portmap sets it).
    /// The bridge exists once a container is on it, and is made anew after a reboot: checked at every forward.</summary>
    private static void AllowLoopbackSources()
    {
        var path = $"/proc/sys/net/ipv4/conf/{KilnNetwork.Bridge}/route_localnet";
        if (File.Exists(path) && File.ReadAllText(path).Trim() != "1") File.WriteAllText(path, "1");
    }

    /// <summary>After a restart: the container's rules, if it has any, now lead to its bridge address (asked of
    /// <paramref name="target"/> only then). The rules decide, not this process's network: another process may have
    /// made the container.</summary>
    public static Task RetargetAsync(string container, Func<CancellationToken, Task<string>> target, CancellationToken ct) =>
        ChangeAsync(async rules =>
        {
            var mine = rules.Where(r => Names(r, container)).ToList();
            if (mine.Count == 0) return ([], []);
            var address = await target(ct);
            return (mine, mine.Select(r => WithTarget(r, address)));
        }, optional: true, ct);

    /// <summary>Removes the container's rules, if it has any (whichever process made it).</summary>
    public static Task RemoveAsync(string container, CancellationToken ct) =>
        ChangeAsync(rules => Task.FromResult((rules.Where(r => Names(r, container)), Enumerable.Empty<string>())), optional: true, ct);

    /// <summary>The rules (as `iptables -S` prints them) for a container's ports.</summary>
    public static IEnumerable<string> Rules(string container, string address, IReadOnlyList<int> ports, string target) =>
        ports.Distinct().Order().Chunk(PortsPerRule).Select(chunk =>
            $"-A {Chain} -d {address}/32 -p tcp -m multiport --dports {string.Join(',', chunk.Select(p => p.ToString(CultureInfo.InvariantCulture)))} " +
            $"-m comment --comment {Comment(container)} -j DNAT --to-destination {target}");

    /// <summary>The container's name (iptables prints it as it is: letters, digits and `-`; quoted otherwise).</summary>
    private static string Comment(string container) => container;

    private static bool Names(string rule, string container) =>
        rule.Contains($" --comment {container} ", StringComparison.Ordinal) || rule.Contains($" --comment \"{container}\" ", StringComparison.Ordinal);

    private static string WithTarget(string rule, string target) =>
        rule[..(rule.LastIndexOf("--to-destination ", StringComparison.Ordinal) + "--to-destination ".Length)] + target;

    /// <summary>Reads the chain, then deletes and adds rules in one `iptables-restore --noflush` (all or nothing). Another
    /// process changing the chain in between makes a delete fail: read and try again. <paramref name="optional"/>: a
    /// change to rules that may not exist (no root, no chain: nothing was ever forwarded here) is then no change.</summary>
    private static async Task ChangeAsync(
        Func<IReadOnlyList<string>, Task<(IEnumerable<string> Delete, IEnumerable<string> Add)>> plan, bool optional, CancellationToken ct)
    {
        if (optional && Environment.UserName != "root") return;
        for (var attempt = 1; ; attempt++)
        {
            var listed = await ProcessRunner.RunAsync("iptables", ["-w", "-t", "nat", "-S", Chain], ct);
            if (!listed.Ok && optional) return;
            if (!listed.Ok) throw new PodmanException($"iptables -t nat -S {Chain} failed: {listed.Stderr.Trim()}");
            var rules = listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(r => r.StartsWith($"-A {Chain} ", StringComparison.Ordinal)).ToList();
            var (delete, add) = await plan(rules);
            var input = new StringBuilder("*nat\n");
            foreach (var r in delete.Distinct()) input.Append("-D").Append(r.AsSpan(2)).Append('\n');
            foreach (var r in add) input.Append(r).Append('\n');
            if (input.Length == "*nat\n".Length) return;
            input.Append("COMMIT\n");
            var restored = await ProcessRunner.RunAsync("iptables-restore", ["-w", "--noflush"], ct, stdin: input.ToString());
            if (restored.Ok) return;
            if (attempt == 3) throw new PodmanException($"the loopback ports could not be changed (iptables-restore): {restored.Stderr.Trim()}");
        }
    }
}
