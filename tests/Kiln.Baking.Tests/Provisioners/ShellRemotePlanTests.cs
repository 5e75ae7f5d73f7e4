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

    /// <summary>One login writes the script from its stdin (into a directory it makes), runs it and removes it when
    /// its shell exits, and the script's exit status is still the login's: run here by sh as ssh runs it on the
    /// instance (a path with a space and a quote, a command that exits itself).</summary>
    [Theory]
    [InlineData("sh \"{{ .Path }}\"", 3)]
    [InlineData("sh \"{{ .Path }}\"; exit 5", 5)]
    [InlineData("sh \"{{ .Path }}\" # a trailing comment", 3)]
    public void The_script_is_uploaded_run_and_removed_by_one_login(string execute, int status)
    {
        var dir = Directory.CreateTempSubdirectory("kiln-shell-");
        try
        {
            var path = Path.Combine(dir.FullName, "new dir", "it's a script.sh");
            var plan = Plan(new ShellProvisionerSpec { RemotePath = path, ExecuteCommand = execute });
            var (output, errors, exit) = Login(plan.UploadThenRun(keep: false), "stat -c %a \"$0\" >&2; echo ran; exit 3\n");
            Assert.Equal(("ran\n", status, "755\n"), (output, exit, errors));
            Assert.False(File.Exists(path));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Skip_clean_keeps_the_script_and_a_failed_upload_runs_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-shell-");
        try
        {
            var path = Path.Combine(dir.FullName, "kept.sh");
            var kept = Plan(new ShellProvisionerSpec { RemotePath = path });
            var (keptOutput, _, keptExit) = Login(kept.UploadThenRun(keep: true), "echo ran\n");
            Assert.Equal(("ran\n", 0), (keptOutput, keptExit));
            Assert.Equal("echo ran\n", File.ReadAllText(path));

            // A remote path under a file: the directory cannot be made, so the command must not run.
            var marker = Path.Combine(dir.FullName, "ran");
            var blocked = Plan(new ShellProvisionerSpec { RemotePath = Path.Combine(path, "x.sh"), ExecuteCommand = $"touch {marker}" });
            var (output, errors, exit) = Login(blocked.UploadThenRun(keep: false), "echo ran\n");
            Assert.NotEqual(0, exit);
            Assert.Equal("", output);
            Assert.EndsWith(ShellRemotePlan.UploadFailed + "\n", errors);
            Assert.False(File.Exists(marker));
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>The remote command as ssh runs it: `sh -c`, with the script on stdin.</summary>
    private static (string Stdout, string Stderr, int Exit) Login(string command, string stdin)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", command])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var sh = System.Diagnostics.Process.Start(start)!;
        sh.StandardInput.Write(stdin);
        sh.StandardInput.Close();
        var errors = sh.StandardError.ReadToEndAsync();
        var output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        return (output, errors.Result, sh.ExitCode);
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
