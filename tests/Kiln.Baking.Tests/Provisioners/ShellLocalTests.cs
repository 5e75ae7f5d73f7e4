using Kiln.Baking.Processes;
using Kiln.Baking.Provisioners;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>shell-local really runs here: what its scripts see (Packer's variables through {{.Vars}}, the environment
/// Kiln adds), inline_shebang, valid_exit_codes and only_on.</summary>
public sealed class ShellLocalTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kiln-shell-local-");
    private readonly List<string> _info = [];
    private readonly List<string> _output = [];

    public void Dispose() => _dir.Delete(recursive: true);

    private Task RunAsync(ShellLocalProvisionerSpec spec, IReadOnlyDictionary<string, string>? environment = null) =>
        ShellLocal.RunAsync(spec with { WorkingDirectory = _dir.FullName }, "web", "amazon-ebs",
            environment ?? new Dictionary<string, string>(), Path.Combine(_dir.FullName, "scratch"), _info.Add, _output.Add, CancellationToken.None);

    [Fact]
    public async Task Inline_commands_see_packers_variables_their_own_and_the_environment_and_leave_no_file()
    {
        await RunAsync(new ShellLocalProvisionerSpec
        {
            Inline = ["echo \"$PACKER_BUILD_NAME $PACKER_BUILDER_TYPE $GREETING $KILN_ARTIFACT_ID\"", "echo \"$0\" | grep -c packer-shell", "pwd"],
            EnvironmentVars = ["GREETING=it's me"],
        }, new Dictionary<string, string> { ["KILN_ARTIFACT_ID"] = "us-east-1:ami-0abc" });

        Assert.Equal(["web amazon-ebs it's me us-east-1:ami-0abc", "1", _dir.FullName], _output);
        Assert.Contains("Running local shell script: inline", _info);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.FullName, "scratch")));
    }

    [Fact]
    public async Task Inline_shebang_and_execute_command_decide_how_the_script_runs()
    {
        // Without -e the script goes on after `false`; execute_command runs it with that shebang's shell.
        await RunAsync(new ShellLocalProvisionerSpec
        {
            Inline = ["false", "echo went on"], InlineShebang = "/bin/sh",
            ExecuteCommand = ["/bin/sh", "-c", "{{.Vars}} {{.Script}} && echo vars=$X"], EnvironmentVars = ["X=1"], EnvVarFormat = "export %s=%s; ",
        });
        Assert.Equal(["went on", "vars=1"], _output);
    }

    [Fact]
    public async Task Valid_exit_codes_decide_success()
    {
        await RunAsync(new ShellLocalProvisionerSpec { Inline = ["exit 3"], ValidExitCodes = [0, 3] });
        var error = await Assert.ThrowsAsync<ProcessFailedException>(() => RunAsync(new ShellLocalProvisionerSpec { Inline = ["exit 4"], ValidExitCodes = [0, 3] }));
        Assert.Equal("shell-local script inline exited with code 4: allowed exit codes are 0, 3", error.Message);
    }

    [Fact]
    public async Task Only_on_another_system_skips_it()
    {
        await RunAsync(new ShellLocalProvisionerSpec { Inline = ["echo ran"], OnlyOn = ["darwin", "windows"] });
        Assert.Empty(_output);
        Assert.Contains(_info, l => l.StartsWith("Skipping shell-local", StringComparison.Ordinal));
    }
}
