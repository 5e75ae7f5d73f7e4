using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Templates.Tests.Packer;

/// <summary>Supported options land in the BakeSpec with Packer's meaning.</summary>
public class PackerOptionTests
{
    [Fact]
    public void Amazon_ebs_options_map_onto_the_spec()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("init.sh", "#!/bin/sh\necho hi\n");
        kit.Env["KILN_CLOUD"] = "aws";
        var builder = PackerTestKit.Builder("""
            "profile": "p", "access_key": "AKIAEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG", "custom_endpoint_ec2": "http://127.0.0.1:4566",
            "skip_region_validation": true, "ssh_port": "2222", "ssh_timeout": "1m30s", "ssh_interface": "private_ip",
            "ami_description": "d", "tags": {"Team": "{{user `team`}}", "Base": "{{ .SourceAMIName }}"}, "run_tags": {"r": "1"}, "snapshot_tags": {"s": "2"},
            "launch_block_device_mappings": [{"device_name": "/dev/sda1", "volume_size": 20, "volume_type": "gp3", "delete_on_termination": true}],
            "associate_public_ip_address": true, "vpc_id": "vpc-1", "subnet_id": "subnet-1", "security_group_ids": ["sg-1", "sg-2"],
            "temporary_security_group_source_cidrs": ["203.0.113.0/24"], "temporary_key_pair_type": "ed25519",
            "force_deregister": true, "force_delete_snapshot": "true", "shutdown_behavior": "terminate", "user_data_file": "init.sh",
            "ssh_pty": true, "ssh_clear_authorized_keys": true, "ami_name": "{{ \"My App\" | lower | clean_resource_name }}"
            """);
        var plan = kit.Read($$"""{"variables": {"team": "web"}, "builders": [{{builder}}]}""");
        var spec = plan.Builds[0];

        Assert.Equal(new CloudSpec(CloudKind.Aws, "ap-northeast-1", "p", "AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG", "http://127.0.0.1:4566", true), spec.Cloud);
        Assert.DoesNotContain("wJalr", spec.Cloud.ToString());
        Assert.Contains("wJalrXUtnFEMI/K7MDENG", plan.Secrets);
        Assert.Equal(new SshSpec("ec2-user", 2222, 90, "private_ip"), spec.Ssh);
        Assert.Equal("my app", spec.ImageName);
        Assert.Null(spec.Family);
        Assert.Equal("d", spec.ImageDescription);
        Assert.Equal("web", spec.ImageTags["Team"]);
        Assert.Equal("{{ .SourceAMIName }}", spec.ImageTags["Base"]);
        Assert.Equal("1", spec.RunTags["r"]);
        Assert.Equal("2", spec.SnapshotTags["s"]);
        Assert.Equal(new RootVolume("/dev/sda1", 20, "gp3"), spec.RootVolume);
        Assert.Equal(("vpc-1", "subnet-1", true, "terminate"), (spec.Launch.VpcId, spec.Launch.SubnetId, spec.Launch.AssociatePublicIp, spec.Launch.ShutdownBehavior));
        Assert.Equal(["sg-1", "sg-2"], spec.Launch.SecurityGroupIds);
        Assert.Equal(["203.0.113.0/24"], spec.SshSourceCidrs);
        Assert.Equal("ed25519", spec.KeyPairType);
        Assert.True(spec.ForceDeregister && spec.ForceDeleteSnapshot);
        Assert.Equal("#!/bin/sh\necho hi\n", spec.UserData);
        Assert.Contains(plan.Warnings, w => w.Contains("'ssh_pty' has no effect"));
    }

    [Fact]
    public void A_source_ami_filter_becomes_a_filter_selector()
    {
        using var kit = new PackerTestKit();
        var builder = PackerTestKit.Builder("""
            "source_ami_filter": {"filters": {"name": "amzn2-ami-hvm-*", "virtualization-type": "hvm"}, "owners": ["amazon"], "most_recent": true}
            """).Replace("\"source_ami\": \"ami-12345678\", ", "");
        var source = Assert.IsType<SourceSelector.Filter>(kit.Read($$"""{"builders": [{{builder}}]}""").Builds[0].Source);
        Assert.Equal("amzn2-ami-hvm-*", source.Filters["name"]);
        Assert.Equal(["amazon"], source.Owners);
        Assert.True(source.MostRecent);
    }

    [Fact]
    public void Provisioners_of_each_type_are_read()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("scripts/a.sh", "echo a");
        kit.Dir.Write("files/app.conf", "x");
        kit.Dir.Write("requirements.yml", "[]");
        Directory.CreateDirectory(Path.Combine(kit.Dir.Path, "inventory"));
        var plan = kit.Read($$$"""
            {"builders": [{{{PackerTestKit.Builder()}}}],
             "provisioners": [
               {"type": "file", "source": "files/app.conf", "destination": "/tmp/app.conf"},
               {"type": "shell", "scripts": ["scripts/a.sh"], "environment_vars": ["A=1"], "execute_command": "sudo -E sh '{{.Path}}'", "expect_disconnect": true},
               {"type": "ansible", "playbook_file": "play.yml", "user": "ec2-user", "groups": ["web"], "host_alias": "box",
                "ansible_env_vars": ["ANSIBLE_NOCOLOR=True"], "use_sftp": true, "inventory_directory": "inventory", "keep_inventory_file": true,
                "galaxy_file": "requirements.yml", "roles_path": "roles", "extra_arguments": ["-e", "x=1", "--vault-password-file=vault.txt"],
                "local_port": 2200, "skip_version_check": true}
             ],
             "error-cleanup-provisioner": {"type": "shell", "inline": ["echo cleanup"]}}
            """);
        var spec = plan.Builds[0];
        var file = Assert.IsType<FileProvisionerSpec>(spec.Provisioners[0]);
        Assert.Equal([Path.Combine(kit.Dir.Path, "files/app.conf")], file.Sources);
        Assert.Equal("/tmp/app.conf", file.Destination);
        var shell = Assert.IsType<ShellProvisionerSpec>(spec.Provisioners[1]);
        Assert.Equal([Path.Combine(kit.Dir.Path, "scripts/a.sh")], shell.Scripts);
        Assert.Equal("sudo -E sh '{{.Path}}'", shell.ExecuteCommand);
        Assert.True(shell.ExpectDisconnect);
        var ansible = Assert.IsType<AnsibleProvisionerSpec>(spec.Provisioners[2]);
        Assert.Equal(("ec2-user", "box", true, true), (ansible.User, ansible.HostAlias, ansible.UseSftp, ansible.KeepInventoryFile));
        Assert.Equal(["web"], ansible.Groups);
        Assert.Equal("True", ansible.EnvironmentVariables["ANSIBLE_NOCOLOR"]);
        Assert.Equal(Path.Combine(kit.Dir.Path, "inventory"), ansible.InventoryDirectory);
        Assert.Equal(Path.Combine(kit.Dir.Path, "requirements.yml"), ansible.GalaxyFile);
        Assert.Equal([Path.Combine(kit.Dir.Path, "vault.txt")], ansible.VaultPasswordFiles);
        Assert.Equal(["-e", "x=1", "--vault-password-file=vault.txt"], ansible.ExtraArguments);
        Assert.Contains(plan.Warnings, w => w.Contains("'local_port' has no effect"));
        Assert.Equal(["echo cleanup"], Assert.IsType<ShellProvisionerSpec>(spec.ErrorCleanupProvisioner).Inline);
    }
}
