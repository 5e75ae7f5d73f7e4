using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud;

/// <summary>What every action handler works with: the state, podman, the clock, the layout of KILN_HOME.</summary>
public sealed class CloudServices
{
    public CloudServices(LocalCloudLayout layout, StateStore state, PodmanClient podman, TimeProvider clock, TextWriter? log)
    {
        Layout = layout; State = state; Podman = podman; Clock = clock; Log = log ?? TextWriter.Null;
        Addresses = new AddressPool(layout);
        Machines = new MachineRuntime(this);
        Instances = new InstanceRuntime(this);
        Images = new ImageRuntime(this);
    }

    public LocalCloudLayout Layout { get; }
    public StateStore State { get; }
    public PodmanClient Podman { get; }
    public TimeProvider Clock { get; }
    public TextWriter Log { get; }
    public AddressPool Addresses { get; }
    /// <summary>Containers of either API's instances.</summary>
    public MachineRuntime Machines { get; }
    public InstanceRuntime Instances { get; }
    public ImageRuntime Images { get; }
    /// <summary>How long a new instance's sshd waits before it starts (a fault, see Faults/FaultSpec; zero normally).</summary>
    public TimeSpan SshdDelay { get; init; }
    /// <summary>CreateKeyPair's RSA keys (made ahead on a resident endpoint).</summary>
    public Api.KeyPairs.RsaKeySupply RsaKeys { get; init; } = new(makeAhead: false);
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Diagnostic logging never throws (a closed console must not fail a request).</summary>
    public void Trace(string line)
    {
        try { lock (Log) Log.WriteLine(line); } catch (Exception) { /* diagnostics only */ }
    }
}
