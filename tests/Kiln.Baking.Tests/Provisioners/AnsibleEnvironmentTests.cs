using Kiln.Baking.Provisioners;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Provisioners;

public class AnsibleEnvironmentTests
{
    private static AnsibleProvisionerSpec Spec(AnsibleStrategy s) => new() { PlaybookFile = "p.yml", Strategy = s };

    [Theory]
    [InlineData(AnsibleStrategy.Plain, null, null)]
    [InlineData(AnsibleStrategy.Pipelining, "True", null)]
    [InlineData(AnsibleStrategy.Mitogen, "True", "mitogen_linear")]
    public void Mode_sets_pipelining_and_strategy(AnsibleStrategy strategy, string? pipelining, string? ansibleStrategy)
    {
        var env = AnsibleEnvironment.For(Spec(strategy), "/run/cp", color: false, "/usr/lib/python3/dist-packages/ansible_mitogen/plugins/strategy");
        Assert.Equal(pipelining, env.GetValueOrDefault("ANSIBLE_PIPELINING"));
        Assert.Equal(ansibleStrategy, env.GetValueOrDefault("ANSIBLE_STRATEGY"));
        Assert.Equal("False", env["ANSIBLE_HOST_KEY_CHECKING"]);
        Assert.Equal("False", env["ANSIBLE_RETRY_FILES_ENABLED"]);
        Assert.Equal("/run/cp", env["ANSIBLE_SSH_CONTROL_PATH_DIR"]);
        Assert.Contains("ControlPersist", env["ANSIBLE_SSH_ARGS"]);
        Assert.False(env.ContainsKey("ANSIBLE_FORCE_COLOR"));
    }

    [Fact]
    public void Colour_and_the_users_variables_come_last()
    {
        var spec = Spec(AnsibleStrategy.Pipelining) with
        {
            EnvironmentVariables = new Dictionary<string, string> { ["ANSIBLE_PIPELINING"] = "False", ["X"] = "1" },
        };
        var env = AnsibleEnvironment.For(spec, "/cp", color: true, null);
        Assert.Equal("True", env["ANSIBLE_FORCE_COLOR"]);
        Assert.Equal("False", env["ANSIBLE_PIPELINING"]);
        Assert.Equal("1", env["X"]);
    }

    [Fact]
    public void Mitogen_without_the_package_says_what_to_install() =>
        Assert.Contains("ansible-mitogen", Assert.Throws<InvalidOperationException>(
            () => AnsibleEnvironment.For(Spec(AnsibleStrategy.Mitogen), "/cp", false, null)).Message);

    [Fact]
    public async Task Debians_mitogen_package_is_found_with_dpkg()
    {
        var path = await MitogenLocator.StrategyPluginsAsync();
        Assert.NotNull(path);
        Assert.True(File.Exists(Path.Combine(path, "mitogen_linear.py")), path);
    }

    [Theory]
    [InlineData("/tmp/kiln-home/runs/kiln-20261126-143800-ab12", true)]
    [InlineData("/a/very/long/kiln/home/directory/that/someone/chose/runs/kiln-20261126-143800-ab12", false)]
    public void Control_sockets_live_under_the_run_directory_when_the_path_is_short(string runDir, bool underRun)
    {
        var dir = AnsibleProvisioner.ControlDirectory(runDir);
        Assert.Equal(underRun, dir.StartsWith(runDir, StringComparison.Ordinal));
        Assert.True(dir.Length + 11 + 17 < 108, dir);
    }

    [Theory]
    [InlineData("/tmp/kiln-home/runs/r/ssh/master", "/tmp/kiln-home/runs/r/ssh/master")]
    [InlineData(null, null)]
    [InlineData("/odd/100%/master", null)]
    [InlineData("/my home/master", null)]
    public void Ansible_shares_the_runs_ssh_master_when_there_is_one(string? master, string? expected)
    {
        var env = AnsibleEnvironment.For(Spec(AnsibleStrategy.Mitogen), "/cp", false, "/m", master);
        Assert.Equal(expected, env.GetValueOrDefault("ANSIBLE_SSH_CONTROL_PATH"));
        Assert.Equal(expected is not null, env["ANSIBLE_SSH_ARGS"].EndsWith($" -o ControlPath={master}", StringComparison.Ordinal));
        Assert.StartsWith("-o ControlMaster=auto -o ControlPersist=60s", env["ANSIBLE_SSH_ARGS"]);
        Assert.Equal("/cp", env["ANSIBLE_SSH_CONTROL_PATH_DIR"]);
    }
}
