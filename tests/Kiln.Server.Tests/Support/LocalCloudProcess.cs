using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kiln.Server.Tests.Support;

/// <summary>A real `kiln local-cloud serve` of the inherited KILN_HOME (test.sh's): while it runs, endpoint.json names
/// it, so every `kiln serve` job of that home uses it, and a test can call its APIs at <see cref="Endpoint"/>.</summary>
public sealed partial class LocalCloudProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private LocalCloudProcess(Process process) => _process = process;

    public Uri Endpoint { get; private set; } = null!;
    public string Output { get { lock (_output) return string.Join("\n", _output); } }

    public static async Task<LocalCloudProcess> StartAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(ServeProcess.RepoRoot(), "kiln"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "local-cloud", "serve", "--quiet" }) start.ArgumentList.Add(a);
        var cloud = new LocalCloudProcess(Process.Start(start)!);
        cloud._process.StandardInput.Close();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (cloud._output) cloud._output.Add(line);
            if (Listening().Match(line) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
        }
        cloud._process.ErrorDataReceived += (_, e) => Read(e.Data);
        cloud._process.OutputDataReceived += (_, e) => Read(e.Data);
        cloud._process.BeginErrorReadLine();
        cloud._process.BeginOutputReadLine();
        var done = await Task.WhenAny(ready.Task, cloud._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(5)));
        if (done != ready.Task)
        {
            await cloud.DisposeAsync();
            throw new InvalidOperationException($"kiln local-cloud serve did not start:\n{cloud.Output}");
        }
        cloud.Endpoint = ready.Task.Result;
        return cloud;
    }

    /// <summary>SIGTERM, so that it removes its endpoint.json; SIGKILL if it has not ended within 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"^local cloud listening on (\S+) ")]
    private static partial Regex Listening();
}
