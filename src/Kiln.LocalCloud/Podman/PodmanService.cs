using System.Net.Sockets;

namespace Kiln.LocalCloud.Podman;

/// <summary>
/// podman's own REST service (`podman system service`), shared by every Kiln process of this user on the machine: one
/// request to it costs a few milliseconds where each podman command starts a whole podman process (about 0.1 s of CPU).
/// It is started on first use, detached, on a socket only this user can reach, and exits by itself after
/// <see cref="IdleSeconds"/> without requests. The first process to find no service starts it, under a lock.
/// </summary>
public sealed class PodmanService(string executable, string socketPath)
{
    public const int IdleSeconds = 300;

    public string SocketPath { get; } = socketPath;

    /// <summary>What the service running now (the last one started) printed: podman's warnings and errors.</summary>
    public string LogPath => Path.Combine(Path.GetDirectoryName(SocketPath)!, "podman-service.log");

    /// <summary>The socket of this user: KILN_PODMAN_SOCKET, else under /run (root), XDG_RUNTIME_DIR or /tmp.</summary>
    public static string DefaultSocketPath()
    {
        var set = Environment.GetEnvironmentVariable("KILN_PODMAN_SOCKET");
        if (!string.IsNullOrEmpty(set)) return set;
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var dir = Environment.UserName == "root" ? "/run/kiln"
            : !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime) ? Path.Combine(runtime, "kiln")
            : Path.Combine(Path.GetTempPath(), $"kiln-{Environment.UserName}");
        return Path.Combine(dir, "podman.sock");
    }

    /// <summary>Answers when the service listens; otherwise starts it and waits (at most 10 s) until it answers.</summary>
    public async Task EnsureRunningAsync(CancellationToken ct)
    {
        if (await AnswersAsync(ct)) return;
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the local cloud runs on Linux");
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var dir = Path.GetDirectoryName(SocketPath)!;
        Directory.CreateDirectory(dir, ownerOnly);
        if (File.GetUnixFileMode(dir) != ownerOnly) File.SetUnixFileMode(dir, ownerOnly);
        using var held = await LockAsync(Path.Combine(dir, "podman.lock"), ct);
        if (await AnswersAsync(ct)) return;
        File.Delete(SocketPath); // a service killed earlier leaves its socket file, and a new one would not listen there
        // Detached (its own session, no pipe of ours): Ctrl-C of this command leaves it, and whoever reads this
        // command's output is not kept waiting by it. It outlives this command, so it gets nothing of this command's
        // own: its working directory is / (podman cannot start a container once the directory it runs in is deleted)
        // and its environment only what podman needs (no temporary directory or setting of this command). What it
        // prints goes to its log, started afresh by each service.
        var r = await ProcessRunner.RunAsync("env",
            ["-i", .. KeptEnvironment(), "/bin/sh", "-c",
             "exec setsid \"$0\" system service --time=\"$1\" \"unix://$2\" </dev/null >\"$3\" 2>&1 & echo $!",
             executable, IdleSeconds.ToString(), SocketPath, LogPath], ct, workingDirectory: "/");
        if (!r.Ok) throw new PodmanException($"could not start `{executable} system service`: {r.Stderr.Trim()}");
        // The service's pid (setsid does not fork a background job's process): one that exits is not waited for.
        var pid = r.Stdout.Trim();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await AnswersAsync(ct))
        {
            if (!IsRunning(pid))
                throw new PodmanException($"`{executable} system service` did not answer on {SocketPath}: it exited" + LogTail());
            if (DateTime.UtcNow > deadline)
                throw new PodmanException($"`{executable} system service` did not answer on {SocketPath} within 10 s" + LogTail());
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The process lives and is not a zombie waiting to be reaped (/proc/PID/stat's state).</summary>
    private static bool IsRunning(string pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ").ElementAtOrDefault(1)?.StartsWith('Z') == false; }
        catch (IOException) { return false; }
    }

    /// <summary>The end of the service's log, for an error that names why it is not there.</summary>
    private string LogTail()
    {
        try
        {
            var lines = File.ReadLines(LogPath).Where(l => l.Trim().Length > 0).TakeLast(3).ToList();
            return lines.Count == 0 ? $" (its log {LogPath} is empty)" : $"; the end of its log ({LogPath}): {string.Join(" / ", lines)}";
        }
        catch (IOException) { return $" (no log at {LogPath})"; }
    }

    /// <summary>The variables podman reads to find its programs, configuration and (rootless) runtime directory.</summary>
    private static IEnumerable<string> KeptEnvironment() =>
        new[] { "PATH", "HOME", "USER", "LOGNAME", "LANG", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                "CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF", "CONTAINERS_REGISTRIES_CONF" }
            .Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(v => !string.IsNullOrEmpty(v.value)).Select(v => $"{v.name}={v.value}");

    public async Task<Stream> ConnectAsync(CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        if (!File.Exists(SocketPath)) return false;
        try
        {
            await using var stream = await ConnectAsync(ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(20, ct);
            }
        }
    }
}
