using System.Text.Json;
using Amazon.EC2.Model;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>ssh_bastion_host: a build instance without a public address (associate_public_ip_address false), reached
/// only through a second local instance, the bastion. The local cloud's private instance refuses this machine's own
/// logins (only another instance reaches it); Kiln's SSH checks, a shell provisioner and Ansible all go through the
/// bastion, so the instance saw every session come from the bastion's address. A bastion that refuses the key is bad
/// input, found before anything is made.</summary>
[Collection(BuildCollection.Name)]
public sealed class BastionBuildTests(CliCloudFixture cloud)
{
    private const string Template = """
        {"variables": {"name": null, "source_ami": null, "key_pair": null, "bastion": null, "bastion_key": null},
         "builders": [{
           "type": "amazon-ebs", "region": "ap-northeast-1", "source_ami": "{{user `source_ami`}}", "instance_type": "t2.nano",
           "ssh_username": "ec2-user", "ami_name": "{{user `name`}}",
           "associate_public_ip_address": false, "ssh_interface": "private_ip",
           "ssh_keypair_name": "{{user `key_pair`}}", "ssh_private_key_file": "builder-key",
           "ssh_bastion_host": "{{user `bastion`}}", "ssh_bastion_username": "ec2-user",
           "ssh_bastion_private_key_file": "{{user `bastion_key`}}"
         }],
         "provisioners": [
           {"type": "shell", "inline": ["echo \"$SSH_CLIENT\" > ~/shell-from"]},
           {"type": "ansible", "playbook_file": "site.yml", "user": "ec2-user"}
         ]}
        """;

    private const string Playbook = """
        - hosts: all
          gather_facts: false
          tasks:
            - name: where the play's session came from
              shell: echo "$SSH_CLIENT" > ~/ansible-from
        """;

    [Fact]
    public async Task A_build_instance_reached_only_through_a_bastion_is_provisioned_through_it()
    {
        var dir = Path.Combine(cloud.Home, "trees", $"bastion-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "template.json"), Template);
        File.WriteAllText(Path.Combine(dir, "site.yml"), Playbook);
        await using var keyPair = await ImportedKeyPair.CreateAsync(cloud.Ec2, dir);
        await using var bastion = await cloud.Cloud.LaunchAsync(cloud.BaseImageId);
        // The bastion's own address on the instances' network: what an instance behind it sees as the client.
        var bastionInside = (await bastion.RunAsync("hostname -I")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        // The local cloud: an instance without a public address has only a private one, which this machine cannot log
        // in to, and the bastion can.
        var run = await cloud.Ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = cloud.BaseImageId, MinCount = 1, MaxCount = 1, KeyName = keyPair.Name, InstanceType = "t2.nano",
            NetworkInterfaces = [new InstanceNetworkInterfaceSpecification { DeviceIndex = 0, AssociatePublicIpAddress = false }],
        });
        var privateId = run.Reservation.Instances[0].InstanceId;
        try
        {
            var described = (await cloud.Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [privateId] })).Reservations[0].Instances[0];
            Assert.Null(described.PublicIpAddress);
            var privateIp = described.PrivateIpAddress;
            Assert.False(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(privateIp)), privateIp);
            var through = $"ProxyCommand=ssh -i {bastion.KeyFile} -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -W %h:%p ec2-user@{bastion.Address}";
            // The instance's sshd starts after RunInstances returns: the bastion is refused until it listens.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var viaBastion = await TestInstance.SshAsync(keyPair.PrivateKeyFile, privateIp, "echo $SSH_CLIENT", "-o", through);
            while (viaBastion.ExitCode != 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(300);
                viaBastion = await TestInstance.SshAsync(keyPair.PrivateKeyFile, privateIp, "echo $SSH_CLIENT", "-o", through);
            }
            Assert.True(viaBastion.ExitCode == 0, $"no login through the bastion within 60 s: {viaBastion.Stderr}");
            Assert.StartsWith(bastionInside + " ", viaBastion.Stdout);
            var direct = await TestInstance.SshAsync(keyPair.PrivateKeyFile, privateIp, "true");
            Assert.True(direct.ExitCode == 255, $"a direct login to {privateIp} gave {direct.ExitCode}: {direct.Stderr}");
        }
        finally
        {
            await cloud.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [privateId] });
        }

        string[] Build(string name, string bastionKey) =>
            ["build", "-var", $"name={name}", "-var", $"source_ami={cloud.BaseImageId}", "-var", $"key_pair={keyPair.Name}",
             "-var", $"bastion={bastion.Address}", "-var", $"bastion_key={bastionKey}", "template.json"];

        // A bastion that does not take the key: exit 2, the option named at its place, nothing made.
        var before = await cloud.Cloud.InventoryAsync();
        var refused = await cloud.Kiln.RunAsync(Build($"e2e-bastion-{Guid.NewGuid().ToString("N")[..8]}", "builder-key"), dir, BakeRun.Budget);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Matches(@"template\.json:\d+:\d+: builders\[0\]\.ssh_bastion_private_key_file: the bastion ec2-user@[0-9.]+ port 22 refused the key", refused.Stderr);
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));

        var name = $"e2e-bastion-{Guid.NewGuid().ToString("N")[..8]}";
        var build = await cloud.Kiln.RunAsync(Build(name, bastion.KeyFile), dir, BakeRun.Budget);
        Assert.True(build.ExitCode == 0, build.ToString());
        var imageId = (await cloud.Cloud.OwnImagesAsync(name)).Single().ImageId;

        // Every session on the build instance came from the bastion: Kiln's shell provisioner's and Ansible's.
        await using var built = await cloud.Cloud.LaunchAsync(imageId);
        Assert.StartsWith(bastionInside + " ", await built.RunAsync("cat ~/shell-from"));
        Assert.StartsWith(bastionInside + " ", await built.RunAsync("cat ~/ansible-from"));
    }
}
