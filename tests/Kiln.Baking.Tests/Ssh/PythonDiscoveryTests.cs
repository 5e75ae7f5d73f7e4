using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;

namespace Kiln.Baking.Tests.Ssh;

public class PythonDiscoveryTests
{
    [Theory]
    [InlineData("os=debian|python3=/usr/bin/python3|/usr/bin/python3.11", "/usr/bin/python3")]
    [InlineData("os=ubuntu|python3=/usr/bin/python3|/usr/bin/python3.12", "/usr/bin/python3")]
    [InlineData("os=amzn|python3=/usr/bin/python3|/usr/bin/python3.9", "/usr/bin/python3.9")]
    [InlineData("os=alpine|/usr/bin/python3", "/usr/bin/python3")]
    [InlineData("os=amzn|/usr/bin/python2.7", "/usr/bin/python2.7")]
    [InlineData("os=rhel|python3=/usr/bin/python3|/usr/bin/python3.11", null)]
    [InlineData("os=centos|/usr/libexec/platform-python", null)]
    [InlineData("os=debian", null)]
    [InlineData("os=|", null)]
    [InlineData("os=amzn|Welcome to the machine|/tmp/evil python", null)]
    public void The_choice_follows_ansibles_rule(string output, string? expected) =>
        Assert.Equal(expected, PythonDiscovery.Choose(output.Split('|')));

    /// <summary>The command itself, run by this machine's shell: it finds this machine's Python and always succeeds.</summary>
    [Fact]
    public async Task The_command_runs_in_a_posix_shell_and_names_a_real_interpreter()
    {
        var stdout = new List<string>();
        var result = await ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", PythonDiscovery.Command]),
            (s, l) => { if (s == "stdout") stdout.Add(l); }, CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("os=", stdout[0]);
        var chosen = PythonDiscovery.Choose(stdout);
        Assert.NotNull(chosen);
        Assert.True(File.Exists(chosen), chosen);
    }
}
