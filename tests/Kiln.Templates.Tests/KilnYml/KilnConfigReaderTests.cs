using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.KilnYml;

public class KilnConfigReaderTests
{
    private static readonly DateTimeOffset Now = new(2018, 3, 1, 12, 34, 56, TimeSpan.Zero);

    private static BakeRequest Request(string dir, string env = "dev", string? source = null, int? keep = null, AnsibleStrategy? strategy = null) =>
        new("hoge", env, "api", dir, source, keep, strategy, Now);

    [Fact]
    public void Without_kiln_yml_the_bake_is_the_articles()
    {
        using var dir = Fixtures.CopyHoge();
        var (spec, secrets) = KilnConfigReader.Read(Request(dir.Path));

        var family = new Family("hoge-dev-api-base");
        Assert.Equal(family, spec.Family);
        Assert.Equal("hoge-dev-api-base-20180301-1234", spec.ImageName);
        Assert.Equal(new SourceSelector.NewestOfFamily(family, new SourceSelector.BaseImage()), spec.Source);
        Assert.Equal(new CloudSpec(CloudKind.Local, "ap-northeast-1", "hoge"), spec.Cloud);
        Assert.Equal("t2.nano", spec.InstanceType);
        Assert.Equal(new RootVolume("/dev/xvda", 50, "gp2"), spec.RootVolume);
        Assert.Equal(new SshSpec("ec2-user", 22, 300), spec.Ssh);
        Assert.Equal(3, spec.Keep);
        Assert.Equal(dir.Path, spec.LineageDirectory);
        var ansible = Assert.IsType<AnsibleProvisionerSpec>(Assert.Single(spec.Provisioners));
        Assert.Equal(Path.Combine(dir.Path, "playbooks/dev.yml"), ansible.PlaybookFile);
        Assert.Equal(["--tags", "dev-api", "--extra-vars", "group=dev-api", "--extra-vars", "category=api",
            "--vault-password-file", Path.Combine(dir.Path, "vault.txt")], ansible.ExtraArguments);
        Assert.Equal([Path.Combine(dir.Path, "vault.txt")], ansible.VaultPasswordFiles);
        Assert.Equal(["dev-api"], ansible.Groups);
        Assert.Equal(AnsibleStrategy.Mitogen, ansible.Strategy);
        Assert.Equal(dir.Path, ansible.WorkingDirectory);
        Assert.False(ansible.PackerExtraVars);
        Assert.Equal(["kiln-fixture-vault-password"], secrets);
    }

    [Fact]
    public void Without_vault_txt_no_vault_argument_is_passed()
    {
        using var dir = Fixtures.CopyHoge();
        File.Delete(Path.Combine(dir.Path, "vault.txt"));
        var ansible = (AnsibleProvisionerSpec)KilnConfigReader.Read(Request(dir.Path)).Spec.Provisioners[0];
        Assert.Equal(["--tags", "dev-api", "--extra-vars", "group=dev-api", "--extra-vars", "category=api"], ansible.ExtraArguments);
        Assert.Empty(ansible.VaultPasswordFiles);
    }

    [Fact]
    public void Flags_override_the_file()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "keep: 5\nansible:\n  strategy: plain\nbase_image: ami-0aaa\n");
        var spec = KilnConfigReader.Read(Request(dir.Path, source: "ami-0bbb", keep: 2, strategy: AnsibleStrategy.Mitogen)).Spec;
        Assert.Equal(2, spec.Keep);
        Assert.Equal(new SourceSelector.Exact(new ImageId("ami-0bbb")), spec.Source);
        Assert.Equal(AnsibleStrategy.Mitogen, ((AnsibleProvisionerSpec)spec.Provisioners[0]).Strategy);

        var fromFile = KilnConfigReader.Read(Request(dir.Path)).Spec;
        Assert.Equal(5, fromFile.Keep);
        Assert.Equal(new SourceSelector.NewestOfFamily(fromFile.Family!, new SourceSelector.Exact(new ImageId("ami-0aaa"))), fromFile.Source);
        Assert.Equal(AnsibleStrategy.Plain, ((AnsibleProvisionerSpec)fromFile.Provisioners[0]).Strategy);
    }

    [Fact]
    public void Inventory_roots_default_to_the_configuration_directories_and_an_empty_list_takes_no_inventory()
    {
        using var dir = Fixtures.CopyHoge();
        Assert.Equal(["/etc", "/opt", "/usr/local", "/home", "/root"], KilnConfigReader.Read(Request(dir.Path)).Spec.InventoryRoots);
        dir.Write("kiln.yml", "inventory_roots: [/srv/app, /etc]\n");
        Assert.Equal(["/srv/app", "/etc"], KilnConfigReader.Read(Request(dir.Path)).Spec.InventoryRoots);
        dir.Write("kiln.yml", "inventory_roots: []\n");
        Assert.Empty(KilnConfigReader.Read(Request(dir.Path)).Spec.InventoryRoots);
    }

    [Fact]
    public void A_source_given_by_name_selects_the_newest_image_of_that_name()
    {
        using var dir = Fixtures.CopyHoge();
        var source = Assert.IsType<SourceSelector.Filter>(KilnConfigReader.Read(Request(dir.Path, source: "hoge-dev-api-base-20180228-0900")).Spec.Source);
        Assert.Equal("hoge-dev-api-base-20180228-0900", source.Filters["name"]);
    }

    [Fact]
    public void Every_setting_of_kiln_yml_is_applied()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("site/main.yml", "- hosts: all\n");
        dir.Write("secrets/pass", "other-vault-pass\n");
        dir.Write("files/motd", "hi\n");
        dir.Write("kiln.yml", """
            # everything at once
            cloud: aws
            region: us-east-1
            profile: hoge-admin
            family: "{account}-{category}-{env}"
            image_name: "{family}-{stamp}"
            base_image: my-base-image
            instance_type: m5.large
            ssh_user: admin
            ssh_port: 2222
            ssh_timeout: 10m
            root_volume: {size_gb: 20, type: gp3, device: /dev/sda1}
            keep: 7
            ansible:
              playbook: site/main.yml
              tags: [base, "{env}"]
              extra_vars: {group: null, role: "{category} server", tier: web}
              vault_password_file: secrets/pass
              strategy: mitogen
              extra_arguments: ["--diff"]
              groups: ["{env}", web]
            tags: {Team: core, Family: "{family}"}
            provisioners:
              - type: file
                source: files/motd
                destination: /tmp/motd
              - type: shell
                when: after
                inline: ["sudo cp /tmp/motd /etc/motd"]
                environment: {A: "1"}
            """);
        var (spec, secrets) = KilnConfigReader.Read(Request(dir.Path));

        Assert.Equal("hoge-api-dev", spec.Family!.Name);
        Assert.Equal("hoge-api-dev-20180301-1234", spec.ImageName);
        Assert.Equal(new CloudSpec(CloudKind.Aws, "us-east-1", "hoge-admin"), spec.Cloud);
        var fallback = Assert.IsType<SourceSelector.Filter>(((SourceSelector.NewestOfFamily)spec.Source).Fallback);
        Assert.Equal("my-base-image", fallback.Filters["name"]);
        Assert.Equal(("m5.large", 7), (spec.InstanceType, spec.Keep));
        Assert.Equal(new SshSpec("admin", 2222, 600), spec.Ssh);
        Assert.Equal(new RootVolume("/dev/sda1", 20, "gp3"), spec.RootVolume);
        Assert.Equal("hoge-api-dev", spec.ImageTags["Family"]);
        Assert.Equal(3, spec.Provisioners.Count);
        Assert.IsType<FileProvisionerSpec>(spec.Provisioners[0]);
        var ansible = Assert.IsType<AnsibleProvisionerSpec>(spec.Provisioners[1]);
        Assert.Equal(["A=1"], Assert.IsType<ShellProvisionerSpec>(spec.Provisioners[2]).EnvironmentVars);
        Assert.Equal(Path.Combine(dir.Path, "site/main.yml"), ansible.PlaybookFile);
        Assert.Equal(["--tags", "base,dev", "--extra-vars", "category=api", "--extra-vars", "{\"role\":\"api server\"}",
            "--extra-vars", "tier=web", "--vault-password-file", Path.Combine(dir.Path, "secrets/pass"), "--diff"], ansible.ExtraArguments);
        Assert.Equal(["dev", "web"], ansible.Groups);
        Assert.Equal(AnsibleStrategy.Mitogen, ansible.Strategy);
        Assert.Equal(["other-vault-pass"], secrets);
    }

    [Fact]
    public void Vault_can_be_turned_off()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "ansible:\n  vault_password_file: false\n");
        var ansible = (AnsibleProvisionerSpec)KilnConfigReader.Read(Request(dir.Path)).Spec.Provisioners[0];
        Assert.DoesNotContain("--vault-password-file", ansible.ExtraArguments);
    }
}
