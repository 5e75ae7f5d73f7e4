using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void A_machines_ports_are_one_rule_per_fifteen_in_the_form_iptables_prints()
    {
        var rules = LoopbackPorts.Rules("kiln-i-0abc", "127.77.1.2", [22, .. Enumerable.Range(8000, 16), 22], "10.91.0.7").ToList();
        Assert.Equal(
        [
            "-A KILN-PORTS -d 127.77.1.2/32 -p tcp -m multiport --dports 22,8000,8001,8002,8003,8004,8005,8006,8007,8008,8009,8010,8011,8012,8013 -m comment --comment kiln-i-0abc -j DNAT --to-destination 10.91.0.7",
            "-A KILN-PORTS -d 127.77.1.2/32 -p tcp -m multiport --dports 8014,8015 -m comment --comment kiln-i-0abc -j DNAT --to-destination 10.91.0.7",
        ], rules);
    }
}
