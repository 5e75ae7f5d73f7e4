using Kiln.Baking.Provisioners;
using Kiln.Baking.Ssh;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the test instance's SSH connection; runs the spec's test commands (with sudo, each must exit 0) and
/// test playbook, all within the tests' timeout, their output in the run log (stream "test", "ansible"). Passed: the
/// image is tagged `kiln:tests=passed` and becomes complete (a generation). Failed: the step fails naming the test
/// and its output; the image is then removed by StepCreateImage's cleanup, or with --keep-failed kept, complete but
/// tagged `kiln:tests=failed`, which no source, deploy or retention count picks (<see cref="Generations"/>).</summary>
public sealed class StepRunImageTests(BakeContext c) : IStep<BakeState>
{
    public string Name => "test image";
    /// <summary>Lines of a failing command's output quoted in the error (the whole output is in the run log).</summary>
    private const int TailLines = 20;

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var tests = state.Spec.Tests!;
        using var timer = new CancellationTokenSource(tests.Timeout, c.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            foreach (var command in tests.Commands) await RunCommandAsync(state.TestSsh!, command, linked.Token);
            if (tests.Playbook is { } playbook) await RunPlaybookAsync(state, playbook, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && timer.IsCancellationRequested)
        {
            await FailedAsync(state, $"the image's tests did not finish within {tests.Timeout.TotalSeconds:0.#} s (tests.timeout)", ct);
        }
        catch (ImageTestFailedException e)
        {
            await FailedAsync(state, e.Message, ct);
        }
        await c.Cloud.TagImageAsync(state.Image!.Value, new Dictionary<string, string> { [KilnTags.Tests] = Generations.Passed }, ct);
        state.TestsOutcome = Generations.Passed;
        c.Log.Info($"Image tests passed: {state.Image} is tagged {KilnTags.Tests}={Generations.Passed}");
        // With copies or sharing still to come, StepDistributionDone completes the image after them.
        if (state.Spec.Distribution.IsEmpty) await StepWaitForImage.CompleteAsync(c, state, ct);
    }

    private async Task RunCommandAsync(SshTarget target, string command, CancellationToken ct)
    {
        c.Log.Info($"Test: {command}");
        var output = new Queue<string>();
        var result = await SshClient.RunAsync(target, "sudo -n sh -c " + SshClient.Quote(command), (_, line) =>
        {
            c.Log.Write("test", line);
            output.Enqueue(line);
            if (output.Count > TailLines) output.Dequeue();
        }, ct);
        if (result.ExitCode == 0) return;
        var shown = output.Count == 0 ? "(no output)" : string.Join("\n", output);
        throw new ImageTestFailedException($"test command '{command}' exited {result.ExitCode}"
            + (result.ExitCode == SshClient.ConnectionLost ? " (ssh: connection failed or lost)" : "") + $":\n{shown}");
    }

    private async Task RunPlaybookAsync(BakeState state, Core.Baking.AnsibleProvisionerSpec playbook, CancellationToken ct)
    {
        c.Log.Info($"Test playbook: {playbook.PlaybookFile}");
        var context = new ProvisionContext(state.TestSsh!, StepProvision.HostAlias, state.RunDirectory, c.Log, state.Spec.BuildName, c.Options.ColorOutput);
        try { await new AnsibleProvisioner(playbook).RunAsync(context, ct); }
        catch (Processes.ProcessFailedException e)
        {
            throw new ImageTestFailedException($"test playbook {Path.GetFileName(playbook.PlaybookFile)} failed: {e.Message} (its output is in the run log)");
        }
    }

    /// <summary>Records the outcome, keeps the image when asked to, and fails the step.</summary>
    private async Task FailedAsync(BakeState state, string message, CancellationToken ct)
    {
        state.TestsOutcome = Generations.Failed;
        if (state.Spec.KeepFailedImage)
        {
            await c.Cloud.TagImageAsync(state.Image!.Value, new Dictionary<string, string> { [KilnTags.Tests] = Generations.Failed }, ct);
            await StepWaitForImage.CompleteAsync(c, state, ct);
            c.Log.Info($"Kept {state.Image} tagged {KilnTags.Tests}={Generations.Failed} (--keep-failed): it is never a source, deployed or counted as a generation");
        }
        throw new ImageTestFailedException($"image test failed: {message}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
