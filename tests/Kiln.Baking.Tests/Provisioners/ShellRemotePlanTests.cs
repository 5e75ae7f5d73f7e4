using Kiln.Baking.Provisioners;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>The remote path, variable file and command line each shell option gives, as Packer's shell provisioner
/// makes them.</summary>
public class ShellRemotePlanTests
{
    private const string Vars = "A='1' PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='web' ";

    private static ShellRemotePlan Plan(ShellProvisionerSpec spec) =>
        ShellRemotePlan.For(spec with { EnvironmentVars = ["A=1"] }, "web", "amazon-ebs", new Random(7));

    [Fact]
    public void By_default_a_script_goes_to_tmp_under_a_random_name_and_runs_with_packers_execute_command()
    {
        var plan = Plan(new ShellProvisionerSpec { Inline = ["true"] });
        Assert.Matches(@"^/tmp/script_\d{1,4}\.sh$", plan.RemotePath);
        Assert.Equal($"chmod +x {plan.RemotePath}; {Vars} {plan.RemotePath}", plan.Command);
        Assert.Null(plan.EnvVarFile);
        Assert.Equal("rm -f '/tmp/x y.sh'", ShellRemotePlan.Remove("/tmp/x y.sh"));
    }

    /// <summary>The script goes when the login's shell exits, and the script's exit status is still the login's:
    /// run here by sh as ssh runs it on the instance (a path with a space and a quote, a command that exits itself).</summary>
    [Theory]
    [InlineData("sh \"{{ .Path }}\"", 3)]
    [InlineData("sh \"{{ .Path }}\"; exit 5", 5)]
    [InlineData("sh \"{{ .Path }}\" # a trailing comment", 3)]
    public void The_script_is_removed_by_the_login_that_ran_it(string execute, int status)
    {
        var dir = Directory.CreateTempSubdirectory("kiln-shell-");
        try
        {
            var path = Path.Combine(dir.FullName, "it's a script.sh");
            File.WriteAllText(path, "echo ran; exit 3\n");
            var plan = Plan(new ShellProvisionerSpec { RemotePath = path, ExecuteCommand = execute });
            var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", plan.CommandThenRemove]) { RedirectStandardOutput = true };
            using var sh = System.Diagnostics.Process.Start(start)!;
            var output = sh.StandardOutput.ReadToEnd();
            sh.WaitForExit();
            Assert.Equal(("ran\n", status), (output, sh.ExitCode));
            Assert.False(File.Exists(path));
        }
        finally { dir.Delete(recursive: true); }
    }

    public static TheoryData<ShellProvisionerSpec, string, string> Cases => new()
    {
        { new ShellProvisionerSpec { RemoteFolder = "/var/tmp" , RemoteFile = "setup.sh" }, "/var/tmp/setup.sh",
            $"chmod +x /var/tmp/setup.sh; {Vars} /var/tmp/setup.sh" },
        { new ShellProvisionerSpec { RemotePath = "/opt/run.sh", RemoteFolder = "/ignored" }, "/opt/run.sh",
            $"chmod +x /opt/run.sh; {Vars} /opt/run.sh" },
        { new ShellProvisionerSpec { RemotePath = "/opt/run.sh", ExecuteCommand = "echo 'p' | sudo -S sh -c '{{ .Vars }} {{ .Path }}'" }, "/opt/run.sh",
            $"echo 'p' | sudo -S sh -c '{Vars} /opt/run.sh'" },
        { new ShellProvisionerSpec { RemotePath = "/opt/run.sh", EnvVarFormat = "%s=\"%s\" " }, "/opt/run.sh",
            "chmod +x /opt/run.sh; A=\"1\" PACKER_BUILDER_TYPE=\"amazon-ebs\" PACKER_BUILD_NAME=\"web\"  /opt/run.sh" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Remote_path_and_command_line(ShellProvisionerSpec spec, string path, string command)
    {
        var plan = Plan(spec);
        Assert.Equal((path, command), (plan.RemotePath, plan.Command));
    }

    [Fact]
    public void Use_env_var_file_writes_exports_to_the_remote_folder_and_sources_them()
    {
        var plan = Plan(new ShellProvisionerSpec { UseEnvVarFile = true, RemoteFolder = "/var/tmp", RemoteFile = "s.sh" });
        Assert.Matches(@"^/var/tmp/varfile_\d{1,4}\.sh$", plan.EnvVarFile);
        Assert.Equal("export A='1'\nexport PACKER_BUILDER_TYPE='amazon-ebs'\nexport PACKER_BUILD_NAME='web'\n", plan.EnvVarFileContent);
        Assert.Equal($"chmod +x /var/tmp/s.sh; . {plan.EnvVarFile} && /var/tmp/s.sh", plan.Command);
    }
}
