using System.Diagnostics;
using Kiln.Baking.Polling;
using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Baking.Testing;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the instance's address and the private key; produces the SSH target once sshd sends its banner
/// (TCP probes every 50 ms) and one real `ssh` login as the login user succeeded (it also finds the Python Ansible
/// will use, <see cref="PythonDiscovery"/>); that login stays open as the run's ssh master (cleanup: close it).</summary>
public sealed class StepWaitForSsh(BakeContext c) : IStep<BakeState>
{
    public string Name => "wait for ssh";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var socket = SshTarget.MasterSocket(state.RunDirectory);
        state.Ssh = await ConnectAsync(c, state, state.Address!, socket, Name, ct);
    }

    /// <summary>Waits for sshd's banner at <paramref name="address"/>, then logs in once as the spec's user with the
    /// run's key; that login stays open as the master at <paramref name="socket"/>. Also used for the test instance.</summary>
    internal static async Task<SshTarget> ConnectAsync(BakeContext c, BakeState state, string address, string socket, string step, CancellationToken ct)
    {
        var ssh = state.Spec.Ssh;
        Core.KilnPaths.EnsurePrivateDirectory(Path.GetDirectoryName(socket)!);
        // The login that proves SSH works also opens the connection the rest of the bake reuses.
        var target = new SshTarget(address, ssh.Port, ssh.User, state.PrivateKeyPath!, socket, Bastion: ssh.Bastion);
        var watch = Stopwatch.StartNew();
        var banner = await c.Poller.UntilAsync(c.Timings.SshBanner.WithTimeout(TimeSpan.FromSeconds(ssh.TimeoutSeconds)),
            t => SshBannerProbe.ReadBannerAsync(target, t), _ => true, ct);
        c.Log.Info($"sshd answered after {watch.ElapsedMilliseconds} ms: {banner}");
        await PausePoints.AtAsync(state, step, "mid", ct);
        // The proving login also asks which Python Ansible will use: one round trip instead of Ansible's own three.
        var python = await c.Poller.UntilAsync(c.Timings.SshAuth, async t =>
        {
            var errors = new List<string>();
            var stdout = new List<string>();
            var result = await SshClient.RunAsync(target, PythonDiscovery.Command, (s, l) => (s == "stdout" ? stdout : errors).Add(l), t);
            return result.ExitCode == 0 ? stdout : throw new NotYetException($"ssh as {ssh.User} failed: {string.Join(" / ", errors.TakeLast(2))}");
        }, _ => true, ct);
        var interpreter = PythonDiscovery.Choose(python);
        c.Log.Info($"Connected to {target.Destination} over SSH after {watch.ElapsedMilliseconds} ms"
                   + (interpreter is null ? "" : $"; Python for Ansible: {interpreter}"));
        return target with { PythonInterpreter = interpreter };
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.SshMasterClosing is { } closing) await closing;
        await ControlMasters.CloseAsync(Path.GetDirectoryName(SshTarget.MasterSocket(state.RunDirectory))!);
    }
}
