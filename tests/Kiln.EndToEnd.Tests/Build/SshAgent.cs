using System.Diagnostics;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>A real ssh-agent of the test's own (`ssh-agent -D -a SOCKET`) holding one key; killed on dispose.</summary>
public sealed class SshAgent(Process agent, string socket) : IDisposable
{
    public string Socket => socket;

    public static async Task<SshAgent> StartAsync(string directory, string privateKeyFile)
    {
        var socket = Path.Combine(directory, "agent.sock");
        var agent = Process.Start(new ProcessStartInfo("ssh-agent", ["-D", "-a", socket])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(socket))
        {
            Assert.False(agent.HasExited, "ssh-agent exited before it listened");
            Assert.True(DateTime.UtcNow < deadline, "ssh-agent did not listen within 30 s");
            await Task.Delay(20);
        }
        using var add = Process.Start(new ProcessStartInfo("ssh-add", ["-q", privateKeyFile])
            { RedirectStandardError = true, Environment = { ["SSH_AUTH_SOCK"] = socket } })!;
        await add.WaitForExitAsync();
        Assert.True(add.ExitCode == 0, await add.StandardError.ReadToEndAsync());
        return new SshAgent(agent, socket);
    }

    public void Dispose()
    {
        if (!agent.HasExited) agent.Kill();
        agent.Dispose();
    }
}
