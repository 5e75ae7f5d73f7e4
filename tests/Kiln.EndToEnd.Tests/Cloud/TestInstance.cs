using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace Kiln.EndToEnd.Tests.Cloud;

/// <summary>An instance the test launched with its own key pair; reached with plain `ssh`, as a user would.
/// Disposing terminates it and deletes the key pair.</summary>
public sealed class TestInstance(AmazonEC2Client ec2, string id, string keyName, string keyFile) : IAsyncDisposable
{
    public string Id => id;
    public string KeyFile => keyFile;
    public string Address { get; private set; } = "";

    internal async Task WaitUntilReachableAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var i = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] })).Reservations[0].Instances[0];
            if (i.State.Name == InstanceStateName.Running && (i.PublicIpAddress ?? i.PrivateIpAddress) is { } address)
            {
                Address = address;
                if ((await SshAsync("true")).ExitCode == 0) return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"instance {id} did not answer SSH within 60 s");
            await Task.Delay(300);
        }
    }

    /// <summary>Runs a shell command as ec2-user; stdout, stderr and the exit code.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> SshAsync(string command) => SshAsync(keyFile, Address, command);

    /// <summary>Runs a shell command as ec2-user at <paramref name="address"/> with this key only, and ssh options of
    /// the caller's (a ProxyCommand, say).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> SshAsync(string keyFile, string address, string command,
        params string[] options)
    {
        var start = new ProcessStartInfo("ssh")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-i", keyFile, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                     "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR" }.Concat(options).Concat([$"ec2-user@{address}", command]))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The command's stdout; fails the test with stderr when it does not succeed.</summary>
    public async Task<string> RunAsync(string command)
    {
        var (code, stdout, stderr) = await SshAsync(command);
        Assert.True(code == 0, $"`{command}` on {id} exited {code}: {stderr}");
        return stdout;
    }

    public async ValueTask DisposeAsync()
    {
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [id] });
        await ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = keyName });
        File.Delete(keyFile);
    }
}
