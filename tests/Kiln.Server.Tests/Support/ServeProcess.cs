using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kiln.Server.Tests.Support;

/// <summary>A real `kiln serve` process (through the repository's ./kiln, which builds the CLI when needed), with its
/// own KILN_HOME, the first admin from KILN_ADMIN_PASSWORD, and its address read from the line it prints at start.</summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    public const string AdminPassword = "cluster admin password";
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServeProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;
    public int Pid => _process.Id;
    public string Output { get { lock (_output) return string.Join("\n", _output); } }

    public static string RepoRoot()
    {
        if (Environment.GetEnvironmentVariable("KILN_REPO_ROOT") is { Length: > 0 } root) return root;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) return dir.FullName;
        throw new InvalidOperationException("no Kiln.slnx above the test assembly; set KILN_REPO_ROOT");
    }

    /// <param name="home">KILN_HOME; null: the inherited one (test.sh's, where the local cloud is initialised).</param>
    public static Task<ServeProcess> StartAsync(string db, string dir, string? home, params string[] extra) =>
        StartAsync(db, dir, home, new Dictionary<string, string>(), extra);

    /// <param name="env">More environment (KILN_CLOUD, …).</param>
    public static async Task<ServeProcess> StartAsync(string db, string dir, string? home, IReadOnlyDictionary<string, string> env, params string[] extra)
    {
        home ??= Environment.GetEnvironmentVariable("KILN_HOME")
            ?? throw new InvalidOperationException("KILN_HOME is not set: run under ./test.sh (it initialises the local cloud there)");
        var start = new ProcessStartInfo(Path.Combine(RepoRoot(), "kiln"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
            Environment = { ["KILN_HOME"] = home, ["KILN_ADMIN_PASSWORD"] = AdminPassword, ["KILN_DB"] = db },
        };
        foreach (var (k, v) in env) start.Environment[k] = v;
        var listen = extra.Contains("--listen") ? [] : new[] { "--listen", "127.0.0.1:0" };
        foreach (var a in new[] { "serve", "--dir", dir, "--checkin", "1" }.Concat(listen).Concat(extra)) start.ArgumentList.Add(a);
        var serve = new ServeProcess(Process.Start(start)!);
        serve._process.StandardInput.Close();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (serve._output) serve._output.Add(line);
            if (Listening().Match(line) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
        }
        serve._process.ErrorDataReceived += (_, e) => Read(e.Data);
        serve._process.OutputDataReceived += (_, e) => Read(e.Data);
        serve._process.BeginErrorReadLine();
        serve._process.BeginOutputReadLine();
        // The first call may build the CLI (./kiln does, under a lock): minutes, not seconds.
        var done = await Task.WhenAny(ready.Task, serve._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(5)));
        if (done != ready.Task) throw new InvalidOperationException($"kiln serve did not start:\n{serve.Output}");
        serve.Address = ready.Task.Result;
        return serve;
    }

    /// <summary>SIGKILL: no cleanup, no goodbye; what a crashed machine looks like to the others.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"^kiln serve: (https?://\S+) on ")]
    private static partial Regex Listening();
}
