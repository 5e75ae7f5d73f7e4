using Kiln.Templates.Config;
using Kiln.Templates.Packer;

namespace Kiln.Templates.Tests.Packer;

/// <summary>Values Packer's weak decoding takes (checked against the Packer 1.6.6 binary: it builds with each of
/// them) read the same in Kiln.</summary>
public class PackerDecodingTests
{
    [Fact]
    public void Empty_strings_are_zero_values_and_strings_stand_for_booleans_and_numbers()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("""
            "ssh_port": "", "force_deregister": "", "force_delete_snapshot": "t", "associate_public_ip_address": "",
            "launch_block_device_mappings": [{"device_name": "/dev/sda1", "volume_size": "0x1e", "delete_on_termination": "1"}],
            "ssh_timeout": "", "shutdown_behavior": ""
            """)}}]}""").Builds[0];
        Assert.Equal(22, spec.Ssh.Port);
        Assert.False(spec.ForceDeregister);
        Assert.True(spec.ForceDeleteSnapshot);
        Assert.Null(spec.Launch.AssociatePublicIp);
        Assert.Equal(30, spec.RootVolume.SizeGb);
        Assert.Equal(300, spec.Ssh.TimeoutSeconds);
    }

    [Fact]
    public void A_number_is_a_boolean_by_being_non_zero()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("\"force_deregister\": 2, \"force_delete_snapshot\": 0")}}]}""").Builds[0];
        Assert.True(spec.ForceDeregister);
        Assert.False(spec.ForceDeleteSnapshot);
    }

    [Fact]
    public void A_comma_separated_string_is_a_list()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("\"temporary_security_group_source_cidrs\": \"10.0.0.0/8,192.168.0.0/16\"")}}]}""").Builds[0];
        Assert.Equal(["10.0.0.0/8", "192.168.0.0/16"], spec.SshSourceCidrs);
    }

    [Fact]
    public void Keys_beginning_with_an_underscore_are_comments_in_every_object()
    {
        using var kit = new PackerTestKit();
        var plan = kit.Read($$"""
            {"_readme": "root", "builders": [{{PackerTestKit.Builder("""
              "_comment": "builder", "source_ami_filter": {"_why": "x", "owners": ["self"], "filters": {"name": "a"}},
              "launch_block_device_mappings": [{"_size": "s", "device_name": "/dev/sda1", "volume_size": 10}]
              """)}}],
             "provisioners": [{"type": "shell", "_note": "p", "inline": ["true"]}],
             "post-processors": [{"type": "manifest", "_n": "m"}]}
            """);
        Assert.Single(plan.Builds);
    }

    [Fact]
    public void A_null_in_a_var_file_sets_the_variable_to_empty_as_packer_does()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("v.json", """{"required": null, "defaulted": null}""");
        var spec = kit.Read($$"""
            {"variables": {"required": null, "defaulted": "x"},
             "builders": [{{PackerTestKit.Builder("\"ami_name\": \"n-{{user `required`}}-{{user `defaulted`}}-e\"")}}]}
            """, [new PackerVarArg.VarFile("v.json")]).Builds[0];
        Assert.Equal("n---e", spec.ImageName);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("0x1F", 31)]
    [InlineData("0o17", 15)]
    [InlineData("017", 15)]
    [InlineData("0b101", 5)]
    [InlineData("1_000", 1000)]
    public void Integers_read_as_go_parses_them(string text, int expected)
    {
        Assert.True(PackerDecoding.TryParseInt(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0x")]
    [InlineData("_1")]
    [InlineData("9999999999")]
    [InlineData("ten")]
    public void Other_text_is_not_an_integer(string text) => Assert.False(PackerDecoding.TryParseInt(text, out _));

    [Fact]
    public void A_wrong_value_still_names_its_place()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems($$"""{"builders": [{{PackerTestKit.Builder("\"ssh_port\": \"twenty\", \"force_deregister\": \"maybe\"")}}]}""");
        Assert.Contains(problems, p => p.StartsWith("t.json:1:") && p.Contains("builders[0].ssh_port: expected an integer, got \"twenty\""));
        Assert.Contains(problems, p => p.Contains("builders[0].force_deregister: expected true or false, got \"maybe\""));
    }
}
