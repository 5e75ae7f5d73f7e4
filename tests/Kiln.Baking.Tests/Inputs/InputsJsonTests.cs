using System.Text.Json;
using Kiln.Baking.Inputs;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Baking.Tests.Inputs;

/// <summary>The compile-time serializers of the digested inputs write what the reflection-based serializer wrote
/// (General defaults, compact), anonymous objects included: a different byte would make every family stale.</summary>
public sealed class InputsJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.General) { WriteIndented = false };

    public static TheoryData<ProvisionerSpec> Provisioners() =>
    [
        new AnsibleProvisionerSpec
        {
            PlaybookFile = "./site.yml", ExtraArguments = ["--tags", "dev-api"], Groups = ["dev-api"], User = "admin",
            EnvironmentVariables = new Dictionary<string, string> { ["ANSIBLE_FORCE_COLOR"] = "1" },
            Strategy = AnsibleStrategy.Pipelining, Timeout = TimeSpan.FromMinutes(5), PauseBefore = TimeSpan.FromSeconds(3),
            MaxRetries = 2, VaultPasswordFiles = ["./vault.txt"],
        },
        new ShellProvisionerSpec { Inline = ["echo hi"], Name = "shell", PauseAfter = TimeSpan.FromSeconds(1) },
        new FileProvisionerSpec { Sources = ["./files/a.conf"], Destination = "/etc/a.conf" },
    ];

    [Theory]
    [MemberData(nameof(Provisioners))]
    public void A_provisioner_is_written_as_before(ProvisionerSpec spec)
    {
        var type = spec.GetType();
        Assert.Equal(JsonSerializer.Serialize(spec, type, Reflection),
            JsonSerializer.Serialize(spec, InputsJson.Default.GetTypeInfo(type)!));
    }

    [Fact]
    public void The_launch_and_tests_records_are_written_as_the_anonymous_objects_were()
    {
        // Shaped as InputsReader reads a BakeSpec, so the anonymous object's member names are the ones it had.
        var spec = new
        {
            InstanceType = "t3.small", RootVolume = new RootVolume(SizeGb: 20), Ssh = new SshSpec(User: "admin"),
            UserData = (string?)"#!/bin/sh", Launch = new LaunchSpec { SubnetId = "subnet-0123", AssociatePublicIp = true },
        };
        var before = JsonSerializer.Serialize(new { spec.InstanceType, spec.RootVolume, spec.Ssh.User, spec.Ssh.Port, spec.UserData, spec.Launch }, Reflection);
        var now = JsonSerializer.Serialize(new InputsReader.LaunchInputs(spec.InstanceType, spec.RootVolume, spec.Ssh.User, spec.Ssh.Port,
            spec.UserData, spec.Launch), InputsJson.Default.LaunchInputs);
        Assert.Equal(before, now);

        var tests = new ImageTestsSpec(["systemctl is-active nginx"], null, TimeSpan.FromMinutes(2));
        Assert.Equal(JsonSerializer.Serialize(new { tests.Commands, tests.Timeout, Playbook = "{\"x\":1}" }, Reflection),
            JsonSerializer.Serialize(new InputsReader.TestsInputs(tests.Commands, tests.Timeout, "{\"x\":1}"), InputsJson.Default.TestsInputs));
    }
}
