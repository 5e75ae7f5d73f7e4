using System.Net;
using System.Text.Json;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The local cloud's machines on its own network (<see cref="KilnNetwork"/>): an address in its subnet,
/// published ports on the machine's loopback address (Kiln's DNAT rule, <see cref="LoopbackPorts"/>), the subnet's
/// rules in place, the address given back at stop, the ports following a restart, the rule gone with the container.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class KilnNetworkTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-network-").FullName;
    private readonly string _name = $"kiln-test-network-{Random.Shared.Next():x8}";
    private readonly PodmanClient _podman = PodmanClient.Shared();

    [Fact]
    public async Task A_machine_gets_an_address_in_the_subnet_its_published_port_answers_and_stopping_gives_the_address_back()
    {
        File.WriteAllText(Path.Combine(_dir, "boot.sh"), "#!/bin/sh\ncd /kiln-boot && exec python3 -m http.server 8080\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(_dir, "boot.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var spec = new ContainerSpec(_name, Setup.BaseImage.PodmanName, "127.0.251.230", _dir, "host-network",
            new Dictionary<string, string> { ["kiln.test"] = _name }, [8080]);

        await _podman.RunAsync(spec, None);

        Assert.Equal(KilnNetwork.Config(), File.ReadAllText(KilnNetwork.ConfigPath));
        foreach (var (table, _, rule) in KilnNetwork.Rules)
        {
            var check = await ProcessRunner.RunAsync("sh", ["-c", $"iptables -w -t {table} -C {rule}"], None);
            Assert.True(check.Ok, $"iptables -t {table} -C {rule}: {check.Stderr}");
        }
        var inspected = await InspectAsync();
        Assert.Equal([KilnNetwork.Name], inspected.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().Select(n => n.Name));
        var address = IPAddress.Parse(await _podman.BridgeAddressAsync(_name, None));
        Assert.True(IPNetwork.Parse(KilnNetwork.Subnet).Contains(address), $"{address} is not in {KilnNetwork.Subnet}");
        // The server lists its directory, the boot directory: on the published loopback port and on the bridge.
        foreach (var host in new[] { spec.Address, address.ToString() })
            Assert.Contains("boot.sh", await Gce.WebStartup.WhenServingAsync(host, 8080));

        Assert.Equal([$"-d {spec.Address}/32 -p tcp -m multiport --dports 22,8080 -m comment --comment {_name} -j DNAT --to-destination {address}"],
            await PortRulesAsync());

        var lease = Path.Combine("/var/lib/cni/networks", KilnNetwork.Name, address.ToString());
        Assert.True(File.Exists(lease), $"no lease {lease}");
        await _podman.StopAsync(_name, None);
        Assert.False(File.Exists(lease), $"the lease {lease} outlived the stop");

        // Started again (perhaps with another bridge address): the published ports follow the container.
        await _podman.StartAsync(_name, None);
        var again = await _podman.BridgeAddressAsync(_name, None);
        Assert.EndsWith($"--to-destination {again}", Assert.Single(await PortRulesAsync()));
        Assert.Contains("boot.sh", await Gce.WebStartup.WhenServingAsync(spec.Address, 8080));

        await _podman.RemoveContainerAsync(_name, None);
        Assert.Empty(await PortRulesAsync());
    }

    /// <summary>This container's rules in Kiln's chain, without the chain's name.</summary>
    private async Task<IReadOnlyList<string>> PortRulesAsync()
    {
        var r = await ProcessRunner.RunAsync("iptables", ["-w", "-t", "nat", "-S", LoopbackPorts.Chain], None);
        Assert.True(r.Ok, r.Stderr);
        return [.. r.Stdout.Split('\n').Where(l => l.Contains($" --comment {_name} ", StringComparison.Ordinal))
            .Select(l => l[$"-A {LoopbackPorts.Chain} ".Length..].Trim())];
    }

    private async Task<JsonElement> InspectAsync()
    {
        var r = await ProcessRunner.RunAsync("podman", ["container", "inspect", _name], None);
        Assert.True(r.Ok, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement[0].Clone();
    }

    public void Dispose()
    {
        _podman.RemoveContainerAsync(_name, None).GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }
}
