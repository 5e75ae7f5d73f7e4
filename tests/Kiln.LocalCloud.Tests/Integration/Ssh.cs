using System.Diagnostics;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The OpenSSH client against an instance, as Packer and Ansible reach it.</summary>
public static class Ssh
{
    public static Task<ProcessResult> RunAsync(string address, string keyFile, string command, string user = "ec2-user") =>
        ProcessRunner.RunAsync("ssh",
        [
            "-i", keyFile, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=2", "-o", "LogLevel=ERROR", $"{user}@{address}", command,
        ], CancellationToken.None);

    /// <summary>Retries until sshd answers (it starts a moment after the container), up to a deadline.</summary>
    public static async Task<ProcessResult> WhenReadyAsync(string address, string keyFile, string command, TimeSpan? within = null,
        string user = "ec2-user")
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var r = await RunAsync(address, keyFile, command, user);
            if (r.Ok || clock.Elapsed > (within ?? TimeSpan.FromSeconds(30))) return r;
            await Task.Delay(100);
        }
    }
}
