using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Runs one provisioner with Packer's common options: pause_before, pause_after (shell's), max_retries (the same provisioner
/// again, in the same mode: a half-applied playbook is never retried another way), and timeout, which is told
/// apart from the user's cancel.</summary>
public sealed class ProvisionerRunner(TimeProvider clock)
{
    public static IProvisioner Create(ProvisionerSpec spec) => spec switch
    {
        AnsibleProvisionerSpec a => new AnsibleProvisioner(a),
        AnsibleLocalProvisionerSpec l => new AnsibleLocalProvisioner(l),
        ShellProvisionerSpec s => new ShellProvisioner(s),
        FileProvisionerSpec f => new FileProvisioner(f),
        ShellLocalProvisionerSpec l => new ShellLocalProvisioner(l),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.GetType().Name, "no such provisioner"),
    };

    public static string Describe(ProvisionerSpec spec) =>
        (spec switch { AnsibleProvisionerSpec => "ansible", AnsibleLocalProvisionerSpec => "ansible-local", ShellProvisionerSpec => "shell", FileProvisionerSpec => "file", ShellLocalProvisionerSpec => "shell-local", _ => "?" })
        + (spec.Name.Length > 0 ? $" ({spec.Name})" : "");

    /// <summary><paramref name="firstAttempt"/>: the same provisioner already under way (<see cref="EarlyAnsible"/>);
    /// retries start afresh.</summary>
    public async Task RunAsync(ProvisionerSpec spec, ProvisionContext context, CancellationToken ct, IProvisioner? firstAttempt = null)
    {
        if (spec.PauseBefore is { } pause && pause > TimeSpan.Zero)
        {
            context.Log.Info($"Pausing {pause.TotalSeconds:0.#} s before {Describe(spec)}");
            await Task.Delay(pause, clock, ct);
        }
        var provisioner = Create(spec);
        for (var attempt = 0; ; attempt++)
        {
            using var timer = new CancellationTokenSource(spec.Timeout ?? Timeout.InfiniteTimeSpan, clock);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
            try
            {
                await (attempt == 0 && firstAttempt is not null ? firstAttempt : provisioner).RunAsync(context, timeout.Token);
                break;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && timer.IsCancellationRequested)
            {
                throw new TimeoutException($"{Describe(spec)} timed out after {spec.Timeout!.Value.TotalSeconds:0.#} s");
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < spec.MaxRetries)
            {
                context.Log.Write("error", $"{Describe(spec)} failed ({e.Message}); retrying ({attempt + 1} of {spec.MaxRetries})");
            }
        }
        if (spec.PauseAfter is { } after && after > TimeSpan.Zero)
        {
            context.Log.Info($"Pausing {after.TotalSeconds:0.#} s after {Describe(spec)}");
            await Task.Delay(after, clock, ct);
        }
    }
}
