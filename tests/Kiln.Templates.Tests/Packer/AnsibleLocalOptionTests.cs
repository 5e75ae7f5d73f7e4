using Kiln.Core.Baking;

namespace Kiln.Templates.Tests.Packer;

/// <summary>Packer's ansible-local options: paths made absolute from the directory kiln runs in, Packer's defaults,
/// weak decoding (a comma-separated string for a list, "1" for true).</summary>
public class AnsibleLocalOptionTests
{
    private static string Template(string provisioner) => $$"""
        {"builders": [{{PackerTestKit.Builder()}}],
         "provisioners": [{{provisioner}}]}
        """;

    [Fact]
    public void Every_ansible_local_option_is_read()
    {
        using var kit = new PackerTestKit();
        foreach (var file in new[] { "site/main.yml", "site/extra.yml", "roles/web/tasks/main.yml", "group_vars/all.yml", "host_vars/127.0.0.1.yml",
                     "more/other.yml", "hosts", "requirements.yml" })
            kit.Dir.Write(file, "---\n");
        var spec = Assert.IsType<AnsibleLocalProvisionerSpec>(kit.Read(Template("""
            {"type": "ansible-local", "playbook_files": ["site/main.yml", "play.yml"], "playbook_dir": "site", "playbook_paths": "more",
             "role_paths": ["roles/web"], "group_vars": "group_vars", "host_vars": "host_vars", "inventory_file": "hosts",
             "inventory_groups": "web,db", "galaxy_file": "requirements.yml", "galaxy_command": "/opt/bin/ansible-galaxy",
             "command": "ansible-playbook -v", "extra_arguments": ["--extra-vars", "x=1"], "staging_directory": "/opt/stage/",
             "clean_staging_directory": "1"}
            """)).Builds[0].Provisioners[0]);
        string Full(string p) => Path.Combine(kit.Dir.Path, p);
        Assert.Null(spec.PlaybookFile);
        Assert.Equal([Full("site/main.yml"), Full("play.yml")], spec.PlaybookFiles);
        Assert.Equal((Full("site"), Full("group_vars"), Full("host_vars")), (spec.PlaybookDirectory, spec.GroupVars, spec.HostVars));
        Assert.Equal([Full("more")], spec.PlaybookPaths);
        Assert.Equal([Full("roles/web")], spec.RolePaths);
        Assert.Equal((Full("hosts"), Full("requirements.yml")), (spec.InventoryFile, spec.GalaxyFile));
        Assert.Equal(["web", "db"], spec.InventoryGroups);
        Assert.Equal(("/opt/bin/ansible-galaxy", "ansible-playbook -v"), (spec.GalaxyCommand, spec.Command));
        Assert.Equal(["--extra-vars", "x=1"], spec.ExtraArguments);
        Assert.Equal(("/opt/stage", true), (spec.StagingDirectory, spec.CleanStagingDirectory));
    }

    [Fact]
    public void Packers_defaults_apply()
    {
        using var kit = new PackerTestKit();
        var spec = Assert.IsType<AnsibleLocalProvisionerSpec>(kit.Read(Template("""{"type": "ansible-local", "playbook_file": "play.yml"}"""))
            .Builds[0].Provisioners[0]);
        Assert.Equal(Path.Combine(kit.Dir.Path, "play.yml"), spec.PlaybookFile);
        Assert.Equal(("ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook", "ansible-galaxy"), (spec.Command, spec.GalaxyCommand));
        Assert.Equal((null, false), (spec.StagingDirectory, spec.CleanStagingDirectory));
        Assert.Empty(spec.InventoryGroups);
    }
}
