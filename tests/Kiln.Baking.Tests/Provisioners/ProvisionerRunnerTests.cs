using System.Collections.Concurrent;
using Kiln.Baking.Provisioners;
using Kiln.Baking.Ssh;
using Kiln.Core.Baking;
using Kiln.Core.Runs;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>Packer's pause_after, on a fake clock, around a shell-local provisioner that really runs here.</summary>
public sealed class ProvisionerRunnerTests : IDisposable
{
    private sealed class Lines : IRunLog
    {
        public ConcurrentQueue<(string Stream, string Text)> All { get; } = new();
        public void AddSecret(string secret) { }
        public void Write(string stream, string text) => All.Enqueue((stream, text));
    }

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kiln-runner-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Pause_after_waits_once_the_provisioner_succeeded_and_not_before()
    {
        var clock = new FakeTimeProvider();
        var log = new Lines();
        // No instance is reached: shell-local runs here.
        var context = new ProvisionContext(new SshTarget("127.0.0.1", 1, "nobody", "/nonexistent"), "default", _dir.FullName,
            new MaskedRunLog(log), "web", ColorOutput: false);
        var spec = new ShellLocalProvisionerSpec { Inline = ["echo done"], PauseAfter = TimeSpan.FromSeconds(30) };

        var run = new ProvisionerRunner(clock).RunAsync(spec, context, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!log.All.Any(l => l.Text == "Pausing 30 s after shell-local") && !run.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        Assert.False(run.IsCompleted, "the run ended without pausing");
        Assert.Contains(("shell-local", "done"), log.All);
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.False(run.IsCompleted, "the pause ended early");
        clock.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
