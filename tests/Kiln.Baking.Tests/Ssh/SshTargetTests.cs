using Kiln.Baking.Ssh;

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
}
