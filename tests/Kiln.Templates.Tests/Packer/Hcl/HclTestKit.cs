using System.Collections;
using Kiln.Core;
using Kiln.Templates.Packer;
using Kiln.Templates.Packer.Hcl;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Templates.Tests.Packer.Hcl;

/// <summary>Writes HCL2 templates into a scratch directory and reads them there.</summary>
public sealed class HclTestKit : IDisposable
{
    public TempDir Dir { get; } = new();
    public Hashtable Env { get; } = new();

    public HclTestKit()
    {
        Dir.Write("play.yml", "- hosts: all\n  tasks: []\n");
    }

    public const string Source = """
        source "amazon-ebs" "base" {
          region        = "ap-northeast-1"
          instance_type = "t2.nano"
          source_ami    = "ami-12345678"
          ssh_username  = "ec2-user"
          ami_name      = "app-20180301-0907"
        }

        """;

    public PackerBuildPlan Read(string template, IReadOnlyList<PackerVarArg>? vars = null, PackerBuildFilter? filter = null, string target = "t.pkr.hcl")
    {
        if (template.Length > 0) Dir.Write(target, template);
        return PackerHclReader.Read(target, vars ?? [], filter ?? PackerBuildFilter.None, new FakeTimeProvider(PackerTestKit.Now), Env, Dir.Path);
    }

    public IReadOnlyList<string> Problems(string template, IReadOnlyList<PackerVarArg>? vars = null) =>
        Assert.Throws<KilnInputException>(() => Read(template, vars)).Problems;

    public string Inspect(string template, IReadOnlyList<PackerVarArg>? vars = null)
    {
        Dir.Write("t.pkr.hcl", template);
        return PackerHclReader.Inspect("t.pkr.hcl", vars ?? [], new FakeTimeProvider(PackerTestKit.Now), Env, Dir.Path);
    }

    public void Dispose() => Dir.Dispose();
}
