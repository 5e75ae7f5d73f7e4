using Kiln.Core.Baking;
using Kiln.Templates.Packer.PostProcessors;

namespace Kiln.Templates.Tests.Packer;

/// <summary>The shell and shell-local options of Packer 1.6–1.11: read with Packer's defaults and weak decoding, bad
/// values refused at their place in the file.</summary>
public class ShellProvisionerOptionTests
{
    private static string Template(string provisioner, string postProcessors = "[]") => $$"""
        {"builders": [{{PackerTestKit.Builder()}}],
         "provisioners": [{{provisioner}}],
         "post-processors": {{postProcessors}}}
        """;

    [Fact]
    public void Every_shell_option_is_read()
    {
        using var kit = new PackerTestKit();
        var spec = Assert.IsType<ShellProvisionerSpec>(kit.Read(Template("""
            {"type": "shell", "inline": ["echo hi"], "remote_folder": "/var/tmp/", "remote_file": "setup.sh", "remote_path": "/opt/run.sh",
             "inline_shebang": "/bin/bash -ex", "pause_after": "10s", "env_var_format": "export %s=\"%s\"\n", "use_env_var_file": "true",
             "binary": 1, "skip_clean": "t", "expect_disconnect": true, "valid_exit_codes": [0, "2300218"],
             "execute_command": "sudo -E sh -c '{{ .Vars }} {{ .Path }}'", "pause_before": "5s", "max_retries": "2", "timeout": "5m",
             "start_retry_timeout": "10m"}
            """)).Builds[0].Provisioners[0]);
        Assert.Equal(("/var/tmp", "setup.sh", "/opt/run.sh", "/bin/bash -ex"), (spec.RemoteFolder, spec.RemoteFile, spec.RemotePath, spec.InlineShebang));
        Assert.Equal("export %s=\"%s\"\n", spec.EnvVarFormat);
        Assert.Equal((true, true, true, true), (spec.UseEnvVarFile, spec.Binary, spec.SkipClean, spec.ExpectDisconnect));
        Assert.Equal([0, ShellProvisionerSpec.DisconnectExitCode], spec.ValidExitCodes);
        Assert.Equal("sudo -E sh -c '{{ .Vars }} {{ .Path }}'", spec.ExecuteCommand);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5)),
            (spec.PauseAfter, spec.PauseBefore, spec.MaxRetries, spec.Timeout));
    }

    [Fact]
    public void Defaults_are_packers_and_empty_strings_leave_them()
    {
        using var kit = new PackerTestKit();
        var spec = Assert.IsType<ShellProvisionerSpec>(kit.Read(Template("""
            {"type": "shell", "inline": "echo a,echo b", "inline_shebang": "", "remote_folder": "", "binary": "", "skip_clean": "",
             "pause_after": "", "valid_exit_codes": "0,3"}
            """)).Builds[0].Provisioners[0]);
        Assert.Equal(["echo a", "echo b"], spec.Inline);
        Assert.Equal(("/tmp", null, null, "/bin/sh -e", null), (spec.RemoteFolder, spec.RemoteFile, spec.RemotePath, spec.InlineShebang, spec.ExecuteCommand));
        Assert.Equal((false, false, false, (TimeSpan?)null), (spec.Binary, spec.SkipClean, spec.UseEnvVarFile, spec.PauseAfter));
        Assert.Equal([0, 3], spec.ValidExitCodes);
    }

    [Theory]
    [InlineData("\"remote_path\": \"run.sh\"", "t.json:2:", "remote_path \"run.sh\" must be an absolute path")]
    [InlineData("\"remote_folder\": \"tmp\"", "t.json:2:", "remote_folder \"tmp\" must be an absolute path")]
    [InlineData("\"remote_file\": \"a/b.sh\"", "t.json:2:", "remote_file \"a/b.sh\" must be a file name")]
    [InlineData("\"env_var_format\": \"%s\"", "t.json:2:", "it has 1 %s where the name and the value need 2")]
    [InlineData("\"env_var_format\": \"%d=%s\"", "t.json:2:", "%d is not a verb Kiln fills")]
    [InlineData("\"valid_exit_codes\": [0, \"x\"]", "t.json:2:", "expected a list of integers, got \"x\"")]
    [InlineData("\"valid_exit_codes\": []", "t.json:2:", "valid_exit_codes is empty")]
    [InlineData("\"pause_after\": \"soon\"", "t.json:2:", "expected a duration")]
    [InlineData("\"binary\": \"maybe\"", "t.json:2:", "expected true or false, got \"maybe\"")]
    public void Bad_values_are_named_at_their_place(string option, string place, string message)
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(Template($$"""{"type": "shell", "inline": ["true"], {{option}}}"""));
        Assert.Contains(problems, p => p.StartsWith(place, StringComparison.Ordinal) && p.Contains(message));
    }

    [Fact]
    public void Shell_local_provisioner_and_post_processor_take_packers_options()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("notify.sh", "echo done");
        var build = kit.Read(Template("""
            {"type": "shell-local", "command": "echo hi", "environment_vars": "A=1,B=2", "inline_shebang": "/bin/bash -e",
             "env_var_format": "%s='%s' ", "only_on": ["linux", "darwin"], "valid_exit_codes": [0, 1],
             "execute_command": ["/bin/bash", "-c", "{{.Vars}} {{.Script}}"]}
            """, """["manifest", {"type": "shell-local", "script": "notify.sh", "keep_input_artifact": true}]""")).Builds[0];
        var provisioner = Assert.IsType<ShellLocalProvisionerSpec>(build.Provisioners[0]);
        Assert.Equal(["echo hi"], provisioner.Inline);
        Assert.Equal(["A=1", "B=2"], provisioner.EnvironmentVars);
        Assert.Equal(("/bin/bash -e", "%s='%s' "), (provisioner.InlineShebang, provisioner.EnvVarFormat));
        Assert.Equal(["linux", "darwin"], provisioner.OnlyOn);
        Assert.Equal([0, 1], provisioner.ValidExitCodes);
        Assert.Equal(["/bin/bash", "-c", "{{.Vars}} {{.Script}}"], provisioner.ExecuteCommand);
        var plan = kit.Read(Template("""{"type": "shell", "inline": ["true"]}""",
            """[[{"type": "shell-local", "inline": ["echo $KILN_ARTIFACT_ID"]}]]"""));
        var post = Assert.IsType<ShellLocalPostProcessor>(Assert.Single(plan.PostProcessors[plan.Builds[0].BuildName]));
        Assert.Equal(["echo $KILN_ARTIFACT_ID"], post.Spec.Inline);
    }

    [Theory]
    [InlineData("\"only_on\": [\"linux\", \"plan9\"]", "only_on names 'plan9'")]
    [InlineData("\"use_linux_pathing\": true", "'use_linux_pathing' is a")]
    [InlineData("\"execute_command\": \"sh -c {{.Script}}\"", "execute_command must be a list of strings")]
    [InlineData("\"environment_vars\": [\"=x\"]", "'=x' is not in the form key=value")]
    public void Bad_shell_local_values_are_named(string option, string message)
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(Template($$"""{"type": "shell-local", "inline": ["true"], {{option}}}"""));
        Assert.Contains(problems, p => p.StartsWith("t.json:2:", StringComparison.Ordinal) && p.Contains(message));
    }
}
