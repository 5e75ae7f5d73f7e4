using System.Diagnostics;
using Kiln.Baking.Ssh;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Ssh;

public sealed class SshTargetTests
{
    [Fact]
    public void Without_a_control_path_no_connection_is_shared()
    {
        var options = new SshTarget("127.0.0.5", 22, "ec2-user", "/k").CommonOptions;
        Assert.DoesNotContain(options, o => o.StartsWith("Control", StringComparison.Ordinal));
    }

    [Fact]
    public void A_control_path_opens_or_reuses_one_master()
    {
        var options = string.Join(' ', new SshTarget("127.0.0.5", 22, "ec2-user", "/k", "/run/ssh/master").CommonOptions);
        Assert.Contains("-o ControlMaster=auto -o ControlPath=/run/ssh/master -o ControlPersist=10m", options);
    }

    /// <summary>On loopback the classical exchange goes first, as the ssh client reads it (`ssh -G` prints the
    /// configuration it would use); an instance elsewhere, or behind a bastion, keeps OpenSSH's own order.</summary>
    [Theory]
    [InlineData("127.77.0.9", null, "curve25519-sha256,")]
    [InlineData("::1", null, "curve25519-sha256,")]
    [InlineData("10.0.0.7", null, "sntrup761x25519-sha512")]
    [InlineData("127.77.0.9", "jump.example", "sntrup761x25519-sha512")]
    public void The_key_exchange_on_loopback_is_the_cheap_one(string address, string? bastionHost, string firstKex)
    {
        var bastion = bastionHost is null ? null : new SshBastion(bastionHost, 22, "ops", "/k");
        var options = new SshTarget(address, 22, "ec2-user", "/k", Bastion: bastion).CommonOptions;
        var start = new ProcessStartInfo("ssh", [.. options, "-G", "ec2-user@" + address]) { RedirectStandardOutput = true };
        using var ssh = Process.Start(start)!;
        var config = ssh.StandardOutput.ReadToEnd().Split('\n');
        ssh.WaitForExit();
        Assert.Equal(0, ssh.ExitCode);
        Assert.StartsWith("kexalgorithms " + firstKex, Assert.Single(config, l => l.StartsWith("kexalgorithms ", StringComparison.Ordinal)));
    }

    /// <summary>Unix socket paths are limited to 108 bytes, and ssh creates the socket under a name 17 characters
    /// longer before renaming it.</summary>
    [Theory]
    [InlineData("/tmp/kiln-home/runs/kiln-20261126-143800-ab12", true)]
    [InlineData("/a/very/long/kiln/home/directory/that/someone/chose/for/their/data/runs/kiln-20261126-143800-ab12", false)]
    public void The_master_socket_fits_the_socket_path_limit(string runDirectory, bool underRun)
    {
        var socket = SshTarget.MasterSocket(runDirectory);
        Assert.Equal(underRun, socket.StartsWith(runDirectory, StringComparison.Ordinal));
        Assert.True(socket.Length + 17 < 108, socket);
        Assert.Equal(socket, SshTarget.MasterSocket(runDirectory));
    }

    /// <summary>The ProxyCommand survives ssh's %-expansion and /bin/sh: a key path with a space, a quote and a '%'
    /// reaches the bastion's ssh as one word (the command run with `printf` in place of ssh shows its words).</summary>
    [Fact]
    public void Through_a_bastion_every_word_reaches_its_ssh_intact()
    {
        var bastion = new SshBastion("jump.example", 2222, "ops", "/keys/it's 100% mine");
        var options = new SshTarget("10.0.0.7", 22, "ec2-user", "/k", Bastion: bastion).CommonOptions;
        var proxy = Assert.Single(options, o => o.StartsWith("ProxyCommand=", StringComparison.Ordinal))["ProxyCommand=".Length..];
        // What ssh does before running it: %h and %p become the instance, %% a single %.
        var expanded = proxy.Replace("%h", "10.0.0.7").Replace("%p", "22").Replace("%%", "%");
        var start = new ProcessStartInfo("sh", ["-c", "printf '[%s]\\n' " + expanded["ssh ".Length..]]) { RedirectStandardOutput = true };
        using var sh = Process.Start(start)!;
        var words = sh.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        sh.WaitForExit();
        Assert.Equal(["[-i]", "[/keys/it's 100% mine]", "[-p]", "[2222]", "[-W]", "[10.0.0.7:22]", "[ops@jump.example]"], words[^7..]);
        Assert.Contains("[BatchMode=yes]", words);
        // Ansible's ANSIBLE_SSH_ARGS cannot carry a word with a quote of its own (quoted for sh with a double quote):
        // the play then rides Kiln's connection alone.
        Assert.Equal("-o \"ProxyCommand=ssh ", SshBastionCommand.AnsibleOption(bastion with { PrivateKeyFile = "/keys/my key" })?[..21]);
        Assert.Null(SshBastionCommand.AnsibleOption(bastion));
        Assert.Null(SshBastionCommand.AnsibleOption(bastion with { PrivateKeyFile = "/keys/\"quoted\"" }));
    }
}
