using System.Text.RegularExpressions;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>Packer's ansible-local: Ansible runs on the instance itself. As teams do it, a provisioner before it puts
/// Ansible on the image — here this machine's own ansible-core and its Python libraries (the local cloud's instances
/// have no network to install from) behind an `ansible-playbook` on the PATH. Then ansible-local uploads the playbook
/// directory, a role and group_vars, runs the play in local mode against its inventory group, and cleans its staging
/// directory.</summary>
[Collection(BuildCollection.Name)]
public sealed partial class AnsibleLocalBuildTests(CliCloudFixture cloud)
{
    private const string Template = """
        {
          "variables": { "who": "kiln" },
          "builders": [{
            "type": "amazon-ebs", "region": "ap-northeast-1", "instance_type": "t2.nano", "source_ami": "{{user `source_ami`}}",
            "ssh_username": "ec2-user", "ami_name": "{{user `ami_name`}}"
          }],
          "provisioners": [
            { "type": "file", "source": "ansible-py/", "destination": "/tmp/ansible-py" },
            { "type": "shell", "inline": [
                "sudo mv /tmp/ansible-py /opt/ansible-py",
                "printf '#!/bin/sh\\nPYTHONPATH=/opt/ansible-py exec python3 -m ansible.cli.playbook \"$@\"\\n' | sudo tee /usr/local/bin/ansible-playbook >/dev/null",
                "sudo chmod 0755 /usr/local/bin/ansible-playbook"] },
            { "type": "ansible-local", "playbook_file": "site/main.yml", "playbook_dir": "site", "role_paths": ["roles/motd"],
              "group_vars": "group_vars", "inventory_groups": "web", "extra_arguments": ["--extra-vars", "\"who={{user `who`}}\""],
              "clean_staging_directory": true }
          ]
        }
        """;

    private const string DistPackages = "/usr/lib/python3/dist-packages";

    /// <summary>The Python packages ansible-playbook needs, with their metadata (ansible checks jinja2's version), from
    /// where Debian's ansible-core puts them.</summary>
    private static IEnumerable<string> AnsiblePackages() =>
        new[] { "ansible", "jinja2", "markupsafe", "yaml", "_yaml", "packaging", "resolvelib" }
            .Concat(Directory.EnumerateDirectories(DistPackages).Select(Path.GetFileName).OfType<string>()
                .Where(d => Regex.IsMatch(d, @"^(ansible_core|Jinja2|MarkupSafe|PyYAML|packaging|resolvelib)-.*-info$")));

    [Fact]
    public async Task Ansible_on_the_instance_runs_the_uploaded_play_with_its_role_and_group_vars_and_leaves_no_staging_directory()
    {
        var dir = WriteTree();
        var amiName = $"e2e-ansible-local-{Guid.NewGuid().ToString("N")[..8]}";

        var build = await KilnProcess.RunAsync(cloud.Home, ["build", "-var", $"source_ami={cloud.BaseImageId}", "-var", $"ami_name={amiName}",
            "template.json"], null, BakeRun.Budget, dir);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(@"Executing Ansible: cd '/tmp/packer-provisioner-ansible-local/[0-9a-f]{32}' && ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook ", build.Output);
        Assert.Matches(@"127\.0\.0\.1\s+: ok=2\s+changed=2\s+unreachable=0\s+failed=0", Regex.Replace(build.Output, @"\x1b\[[0-9;]*m", ""));
        var imageId = Regex.Match(build.Stdout, $@"^(ami-[0-9a-f]+) {amiName} ", RegexOptions.Multiline).Groups[1].Value;
        Assert.True(imageId.Length > 0, build.ToString());

        await using var instance = await cloud.Cloud.LaunchAsync(imageId);
        Assert.Equal("hello kiln amazon-ebs amazon-ebs\n", await instance.RunAsync("cat /opt/ansible-local.txt"));
        Assert.Equal("role hello\n", await instance.RunAsync("cat /etc/motd-kiln"));
        Assert.Equal("", await instance.RunAsync("ls -A /tmp/packer-provisioner-ansible-local"));
    }

    private string WriteTree()
    {
        var dir = Path.Combine(cloud.Home, "trees", $"ansible-local-{Guid.NewGuid().ToString("N")[..8]}");
        foreach (var (path, text) in new[]
                 {
                     ("template.json", Template),
                     ("site/main.yml", """
                         - hosts: web
                           become: true
                           gather_facts: false
                           roles: [motd]
                           tasks:
                             - name: record the play's variables
                               copy:
                                 dest: /opt/ansible-local.txt
                                 content: "{{ greeting }} {{ who }} {{ packer_build_name }} {{ packer_builder_type }}\n"
                         """),
                     ("roles/motd/tasks/main.yml", "- copy: {dest: /etc/motd-kiln, content: \"role {{ greeting }}\\n\"}\n"),
                     ("group_vars/web.yml", "greeting: hello\n"),
                 })
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        foreach (var package in AnsiblePackages()) CopyDirectory(Path.Combine(DistPackages, package), Path.Combine(dir, "ansible-py", package));
        return dir;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
