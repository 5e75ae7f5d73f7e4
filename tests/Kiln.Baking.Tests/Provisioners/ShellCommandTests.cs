using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

public class ShellCommandTests
{
    public static TheoryData<string[], string> VarsCases => new()
    {
        { [], "PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='amazon-ebs' " },
        { ["FOO=bar", "A=1"], "A='1' FOO='bar' PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='amazon-ebs' " },
        { ["Q=it's", "E=a=b", "EMPTY="], "E='a=b' EMPTY='' PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='amazon-ebs' Q='it'\"'\"'s' " },
    };

    [Theory, MemberData(nameof(VarsCases))]
    public void Vars_are_sorted_and_single_quoted_as_packer_does(string[] env, string expected) =>
        Assert.Equal(expected, ShellCommand.Vars("amazon-ebs", "amazon-ebs", env));

    [Theory]
    [InlineData("chmod +x {{.Path}}; {{.Vars}} {{.Path}}", "chmod +x /tmp/s.sh; A='1' /tmp/s.sh")]
    [InlineData("sudo -S sh -c '{{ .Vars }} {{ .Path }}'", "sudo -S sh -c 'A='1' /tmp/s.sh'")]
    [InlineData("{{.Path}}", "/tmp/s.sh")]
    public void Execute_command_rendering(string template, string expected) =>
        Assert.Equal(expected, ShellCommand.Render(template, "A='1'", "/tmp/s.sh"));

    [Fact]
    public void An_unknown_field_is_named() =>
        Assert.Contains("{{.Nope}}", Assert.Throws<ArgumentException>(() => ShellCommand.Render("{{.Nope}}", "", "")).Message);

    [Fact]
    public void A_malformed_environment_var_is_named() =>
        Assert.Contains("NOEQUALS", Assert.Throws<ArgumentException>(() => ShellCommand.Vars("b", "t", ["NOEQUALS"])).Message);

    [Fact]
    public void Inline_lines_become_one_script_that_stops_at_the_first_failure() =>
        Assert.Equal("#!/bin/sh -e\necho a\necho b\n", ShellCommand.InlineScript(["echo a", "echo b"]));

    [Fact]
    public void Inline_shebang_heads_the_inline_script() =>
        Assert.Equal("#!/bin/bash -ex\necho a\n", ShellCommand.InlineScript(["echo a"], "/bin/bash -ex"));

    [Theory]
    [InlineData("%s=%s;", "A=1;PACKER_BUILDER_TYPE=amazon-ebs;PACKER_BUILD_NAME=b;")]
    [InlineData("export %s='%s'\n", "export A='1'\nexport PACKER_BUILDER_TYPE='amazon-ebs'\nexport PACKER_BUILD_NAME='b'\n")]
    [InlineData("%v=\"%v\" 100%% ", "A=\"1\" 100% PACKER_BUILDER_TYPE=\"amazon-ebs\" 100% PACKER_BUILD_NAME=\"b\" 100% ")]
    public void Env_var_format_shapes_each_variable_as_gos_sprintf_would(string format, string expected) =>
        Assert.Equal(expected, ShellCommand.Vars("b", "amazon-ebs", ["A=1"], format));

    [Theory]
    [InlineData("a\r\nb\r\n", "a\nb\n")]
    [InlineData("a\nb", "a\nb\n")]
    [InlineData("a\r\n\r\nc\r", "a\n\nc\n")]
    [InlineData("", "")]
    public void Scripts_are_uploaded_with_unix_line_ends_unless_binary(string given, string uploaded) =>
        Assert.Equal(uploaded, System.Text.Encoding.UTF8.GetString(ShellCommand.UnixLines(System.Text.Encoding.UTF8.GetBytes(given))));
}
