using System.Collections;
using System.Text.Json;
using Kiln.Core.Baking;
using Kiln.Templates.Packer;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Templates.Tests.Packer.Hcl;

/// <summary>The article's template as HCL2 (examples/hoge_playbooks/packer.pkr.hcl) with the parameter.json that
/// create_ami.sh renders gives the bake packer.json gives: same image name, source, cloud, volume, SSH, tags and
/// Ansible arguments. Only the build's name differs, as in Packer (`base`, the source's name).</summary>
public class ArticleHclTemplateTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2018, 3, 1, 12, 34, 0, TimeSpan.Zero));

    private static void WriteParameterJson(string dir, string playbookDir) =>
        File.WriteAllText(Path.Combine(dir, "parameter.json"), File.ReadAllText(Path.Combine(dir, "sample_parameter.template"))
            .Replace("__ACCOUNT__", "hoge").Replace("__AMINAME__", "hoge-dev-api-base-20180301-1234")
            .Replace("__SOURCEAMI__", "ami-0123456789abcdef0").Replace("__VOLUMESIZE__", "50").Replace("__ENVIROMENT__", "dev")
            .Replace("__GROUP__", "dev-api").Replace("__CATEGORY__", "api").Replace("__PLAYBOOKDIR__", playbookDir));

    private static PackerBuildPlan Read(string cwd, string template, string varFile = "parameter.json") =>
        PackerTemplates.Read(template, [new PackerVarArg.VarFile(varFile)], PackerBuildFilter.None, Clock, new Hashtable(), cwd);

    /// <summary>The whole spec as JSON, provisioners by their own type, so any difference shows.</summary>
    internal static string Shape(BakeSpec spec) => JsonSerializer.Serialize(spec with
        {
            Provisioners = [], ErrorCleanupProvisioner = null,
            // Tags are a set: JSON keeps the file's order, HCL's objects sort their keys.
            ImageTags = new SortedDictionary<string, string>(spec.ImageTags.ToDictionary(), StringComparer.Ordinal),
            RunTags = new SortedDictionary<string, string>(spec.RunTags.ToDictionary(), StringComparer.Ordinal),
            SnapshotTags = new SortedDictionary<string, string>(spec.SnapshotTags.ToDictionary(), StringComparer.Ordinal),
        })
        + string.Concat(spec.Provisioners.Select(p => JsonSerializer.Serialize((object)p)))
        + (spec.ErrorCleanupProvisioner is { } c ? JsonSerializer.Serialize((object)c) : "");

    [Theory]
    [InlineData(".")]
    [InlineData("ABSOLUTE")]
    public void The_hcl2_template_gives_the_bake_of_packer_json(string playbookDir)
    {
        using var dir = Fixtures.CopyHoge();
        WriteParameterJson(dir.Path, playbookDir == "ABSOLUTE" ? dir.Path : playbookDir);

        var json = Assert.Single(Read(dir.Path, "packer.json").Builds);
        var hclPlan = Read(dir.Path, "packer.pkr.hcl");
        var hcl = Assert.Single(hclPlan.Builds);

        Assert.Equal("base", hcl.BuildName);
        Assert.Equal(Shape(json with { BuildName = "base" }), Shape(hcl));
        Assert.Equal("hoge-dev-api-base-20180301-1234", hcl.ImageName);
        Assert.Equal(new Kiln.Core.Cloud.RootVolume("/dev/xvda", 50, "gp2"), hcl.RootVolume);
        var ansible = Assert.IsType<AnsibleProvisionerSpec>(Assert.Single(hcl.Provisioners));
        Assert.Equal(Path.Combine(dir.Path, "playbooks", "dev.yml"), ansible.PlaybookFile);
        Assert.Contains("kiln-fixture-vault-password", hclPlan.Secrets);
        Assert.Empty(hclPlan.Warnings);
    }

    [Fact]
    public void The_directory_of_the_template_reads_as_the_file()
    {
        using var dir = Fixtures.CopyHoge();
        WriteParameterJson(dir.Path, ".");
        File.Delete(Path.Combine(dir.Path, "packer.json"));
        Assert.Equal(Shape(Read(dir.Path, "packer.pkr.hcl").Builds[0]), Shape(Read(dir.Path, ".").Builds[0]));
    }
}
