using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

public class ShellCommandTests
{
    public static TheoryData<string[], string> VarsCases => new()
    {
        { [], "PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='amazon-ebs'" },
        { ["FOO=bar", "A=1"], "A='1' FOO='bar' PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='amazon-ebs'" },
        { ["Q=it's", "E=a=b", "EMPTY="], "E='a=b' EMPTY='' PACKER_BUILDER_TYPE='amazon-ebs' PACKER_BUILD_NAME='amazon-ebs' Q='it'\"'\"'s'" },
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
}
