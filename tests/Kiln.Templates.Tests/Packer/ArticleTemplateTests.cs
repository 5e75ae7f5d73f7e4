using System.Collections;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Templates.Packer;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Templates.Tests.Packer;

/// <summary>The article's packer.json with the parameter.json that its create_ami.sh writes, read as `kiln build
/// -var-file parameter.json packer.json` would read them.</summary>
public class ArticleTemplateTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2018, 3, 1, 12, 34, 0, TimeSpan.Zero));

    /// <summary>create_ami.sh's sed, with the values it computes for `sh create_ami.sh hoge dev api`.</summary>
    private static void WriteParameterJson(string dir, string playbookDir, string sourceAmi)
    {
        var text = File.ReadAllText(Path.Combine(dir, "sample_parameter.template"))
            .Replace("__ACCOUNT__", "hoge")
            .Replace("__AMINAME__", "hoge-dev-api-base-20180301-1234")
            .Replace("__SOURCEAMI__", sourceAmi)
            .Replace("__VOLUMESIZE__", "50")
            .Replace("__ENVIROMENT__", "dev")
            .Replace("__GROUP__", "dev-api")
            .Replace("__CATEGORY__", "api")
            .Replace("__PLAYBOOKDIR__", playbookDir);
        File.WriteAllText(Path.Combine(dir, "parameter.json"), text);
    }

    private static PackerBuildPlan Build(string cwd, string template, IDictionary? env = null, string varFile = "parameter.json") =>
        PackerTemplateReader.Read(template, [new PackerVarArg.VarFile(varFile)], PackerBuildFilter.None,
            Clock, env ?? new Hashtable(), cwd);

    [Fact]
    public void The_articles_files_give_the_articles_bake()
    {
        using var dir = Fixtures.CopyHoge();
        WriteParameterJson(dir.Path, ".", "ami-0123456789abcdef0");

        var plan = Build(dir.Path, "packer.json");

        var spec = Assert.Single(plan.Builds);
        Assert.Equal(new Kiln.Core.Naming.Family("hoge-dev-api-base"), spec.Family);
        Assert.Equal("hoge-dev-api-base-20180301-1234", spec.ImageName);
        Assert.Equal(new SourceSelector.Exact(new ImageId("ami-0123456789abcdef0")), spec.Source);
        Assert.Equal(new CloudSpec(CloudKind.Local, "ap-northeast-1", "hoge"), spec.Cloud);
        Assert.Equal("t2.nano", spec.InstanceType);
        Assert.Equal(new RootVolume("/dev/xvda", 50, "gp2"), spec.RootVolume);
        Assert.Equal(new SshSpec("ec2-user", 22, 300, "public_ip"), spec.Ssh);
        Assert.Null(spec.Keep);
        Assert.Equal("amazon-ebs", spec.BuildName);
        Assert.Equal(dir.Path, spec.LineageDirectory);

        var ansible = Assert.IsType<AnsibleProvisionerSpec>(Assert.Single(spec.Provisioners));
        Assert.Equal(["--tags", "dev-api", "--extra-vars", "group=dev-api", "--extra-vars", "category=api",
            "--vault-password-file", "./vault.txt"], ansible.ExtraArguments);
        Assert.Equal(Path.Combine(dir.Path, "playbooks", "dev.yml"), ansible.PlaybookFile);
        Assert.Equal([Path.Combine(dir.Path, "vault.txt")], ansible.VaultPasswordFiles);
        Assert.Equal("/usr/libexec/openssh/sftp-server -e", ansible.SftpCommand);
        Assert.True(ansible.PackerExtraVars);
        Assert.Equal(dir.Path, ansible.WorkingDirectory);
        Assert.Contains("kiln-fixture-vault-password", plan.Secrets);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void An_absolute_playbook_directory_gives_absolute_arguments()
    {
        using var dir = Fixtures.CopyHoge();
        WriteParameterJson(dir.Path, dir.Path, "ami-0123456789abcdef0");
        using var elsewhere = new TempDir();

        var relative = Path.GetRelativePath(elsewhere.Path, dir.Path);
        var plan = Build(elsewhere.Path, $"{relative}/packer.json", varFile: $"{relative}/parameter.json");

        var ansible = (AnsibleProvisionerSpec)plan.Builds[0].Provisioners[0];
        Assert.Equal($"{dir.Path}/vault.txt", ansible.ExtraArguments[^1]);
        Assert.Equal($"{dir.Path}/playbooks/dev.yml", ansible.PlaybookFile);
    }

    [Fact]
    public void Every_env_of_the_article_has_its_playbook()
    {
        foreach (var env in new[] { "dev", "stg", "prd" })
        {
            using var dir = Fixtures.CopyHoge();
            File.WriteAllText(Path.Combine(dir.Path, "parameter.json"), File.ReadAllText(Path.Combine(dir.Path, "sample_parameter.template"))
                .Replace("__ACCOUNT__", "hoge").Replace("__AMINAME__", $"hoge-{env}-admin-base-20180301-1234")
                .Replace("__SOURCEAMI__", "ami-12345678").Replace("__VOLUMESIZE__", "30").Replace("__ENVIROMENT__", env)
                .Replace("__GROUP__", $"{env}-admin").Replace("__CATEGORY__", "admin").Replace("__PLAYBOOKDIR__", "."));
            var spec = Build(dir.Path, "packer.json").Builds[0];
            Assert.Equal($"hoge-{env}-admin-base", spec.Family!.Name);
            Assert.Equal(30, spec.RootVolume.SizeGb);
            Assert.EndsWith($"playbooks/{env}.yml", ((AnsibleProvisionerSpec)spec.Provisioners[0]).PlaybookFile);
        }
    }

    [Fact]
    public void KILN_CLOUD_aws_builds_on_aws_with_the_account_as_profile()
    {
        using var dir = Fixtures.CopyHoge();
        WriteParameterJson(dir.Path, ".", "ami-0123456789abcdef0");
        var spec = Build(dir.Path, "packer.json", new Hashtable { ["KILN_CLOUD"] = "aws" }).Builds[0];
        Assert.Equal(new CloudSpec(CloudKind.Aws, "ap-northeast-1", "hoge"), spec.Cloud);
    }

    [Fact]
    public void An_empty_source_ami_from_an_empty_family_is_refused_as_packer_does()
    {
        using var dir = Fixtures.CopyHoge();
        WriteParameterJson(dir.Path, ".", "");
        var e = Assert.Throws<KilnInputException>(() => Build(dir.Path, "packer.json"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("packer.json:7:20: builders[0].source_ami: source_ami is empty: give an image id (ami-…) or a source_ami_filter", problem);
    }
}
