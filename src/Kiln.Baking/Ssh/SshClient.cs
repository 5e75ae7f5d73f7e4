using Kiln.Baking.Processes;

namespace Kiln.Baking.Ssh;

/// <summary>Runs commands on the instance with the system `ssh` client (no SSH library, no proxy: what an operator
/// would type). Output lines go to the callback.</summary>
public static class SshClient
{
    /// <summary>ssh's exit code when the connection failed or was lost (ssh(1): "exits with 255 if an error occurred").</summary>
    public const int ConnectionLost = 255;

    public static ProcessSpec Command(SshTarget target, string remoteCommand) =>
        new("ssh", [.. target.CommonOptions, target.Destination, "--", remoteCommand]);

    public static Task<ProcessResult> RunAsync(SshTarget target, string remoteCommand, Action<string, string> onLine,
        CancellationToken ct) => ChildProcess.RunAsync(Command(target, remoteCommand), onLine, ct);

    /// <summary>Runs a command and fails with its stderr when it exits non-zero.</summary>
    public static async Task<string> RunCheckedAsync(SshTarget target, string remoteCommand, string what, CancellationToken ct)
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var result = await RunAsync(target, remoteCommand, (s, l) => (s == "stdout" ? stdout : stderr).Add(l), ct);
        if (result.ExitCode != 0)
            throw new ProcessFailedException(what, result.ExitCode, string.Join(" / ", stderr.TakeLast(3)));
        return string.Join('\n', stdout);
    }

    /// <summary>A remote command that, when it fails, prints <paramref name="marker"/> on stderr and ends the login
    /// (exit 1), so that what a later command in the same login does is told apart from its failure.</summary>
    public static string OrStop(string command, string marker) => $"{{ {command}; }} || {{ echo {Quote(marker)} >&2; exit 1; }}\n";

    /// <summary>A string as one word for the remote POSIX shell.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
}
