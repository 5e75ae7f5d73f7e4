using Kiln.Baking.Provisioners;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>Where ansible-local puts each file and what it runs, as Packer's provisioner does.</summary>
public class AnsibleLocalPlanTests
{
    [Fact]
    public void A_playbook_file_goes_into_its_own_staging_directory_with_an_inventory_of_127_0_0_1()
    {
        var plan = AnsibleLocalPlan.For(new AnsibleLocalProvisionerSpec { PlaybookFile = "/work/site.yml" }, "web", "amazon-ebs");

        Assert.Matches("^/tmp/packer-provisioner-ansible-local/[0-9a-f]{32}$", plan.Staging);
        Assert.Equal([new StagedUpload("/work/site.yml", $"{plan.Staging}/site.yml", false)], plan.Uploads);
        Assert.Equal(("127.0.0.1\n", $"{plan.Staging}/{AnsibleLocalPlan.InventoryName}"), (plan.InventoryContent, plan.Inventory));
        Assert.Null(plan.Galaxy);
        Assert.Equal([$"cd '{plan.Staging}' && ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook '{plan.Staging}/site.yml'"
            + " --extra-vars \"packer_build_name=web packer_builder_type=amazon-ebs packer_http_addr=\" -c local"
            + $" -i '{plan.Staging}/{AnsibleLocalPlan.InventoryName}'"], plan.Playbooks);
        Assert.NotEqual(plan.Staging, AnsibleLocalPlan.For(new AnsibleLocalProvisionerSpec { PlaybookFile = "/work/site.yml" }, "web", "amazon-ebs").Staging);
    }

    [Fact]
    public void Playbook_files_run_from_the_playbook_dir_or_from_their_own_path_and_the_directories_go_where_ansible_looks()
    {
        var spec = new AnsibleLocalProvisionerSpec
        {
            PlaybookFiles = ["/work/site/main.yml", "/elsewhere/extra.yml"], PlaybookDirectory = "/work/site", StagingDirectory = "/opt/stage",
            RolePaths = ["/work/roles/web/"], PlaybookPaths = ["/work/more"], GroupVars = "/work/gv", HostVars = "/work/hv",
            InventoryFile = "/work/hosts.ini", GalaxyFile = "/work/requirements.yml", GalaxyCommand = "galaxy", Command = "ansible-playbook",
            ExtraArguments = ["--extra-vars", "\"x=1 y=2\""], InventoryGroups = ["ignored"],
        };
        var plan = AnsibleLocalPlan.For(spec, "b", "googlecompute");

        Assert.Equal([
            new StagedUpload("/work/site", "/opt/stage", true),
            new StagedUpload("/elsewhere/extra.yml", "/opt/stage/elsewhere/extra.yml", false),
            new StagedUpload("/work/requirements.yml", "/opt/stage/requirements.yml", false),
            new StagedUpload("/work/hosts.ini", "/opt/stage/hosts.ini", false),
            new StagedUpload("/work/gv", "/opt/stage/group_vars", true),
            new StagedUpload("/work/hv", "/opt/stage/host_vars", true),
            new StagedUpload("/work/roles/web/", "/opt/stage/roles/web", true),
            new StagedUpload("/work/more", "/opt/stage/playbooks/more", true),
        ], plan.Uploads);
        Assert.Null(plan.InventoryContent);
        Assert.Equal("cd '/opt/stage' && galaxy install -r '/opt/stage/requirements.yml' -p '/opt/stage/roles'", plan.Galaxy);
        const string vars = " --extra-vars \"packer_build_name=b packer_builder_type=googlecompute packer_http_addr=\" --extra-vars \"x=1 y=2\"";
        Assert.Equal([
            $"cd '/opt/stage' && ansible-playbook '/opt/stage/main.yml'{vars} -c local -i '/opt/stage/hosts.ini'",
            $"cd '/opt/stage' && ansible-playbook '/opt/stage/elsewhere/extra.yml'{vars} -c local -i '/opt/stage/hosts.ini'",
        ], plan.Playbooks);
    }

    [Fact]
    public void Inventory_groups_each_hold_the_instance()
    {
        Assert.Equal("[web]\n127.0.0.1\n[db]\n127.0.0.1\n", AnsibleLocalPlan.InventoryFor(["web", "db"]));
    }
}
