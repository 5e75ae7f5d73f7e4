using System.Collections;
using Kiln.Core;
using Kiln.Templates.Packer;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Templates.Tests.Packer;

/// <summary>Writes a template (and the files it names) into a scratch directory and reads it there.</summary>
public sealed class PackerTestKit : IDisposable
{
    public static readonly DateTimeOffset Now = new(2018, 3, 1, 9, 7, 5, TimeSpan.Zero);
    public TempDir Dir { get; } = new();
    public Hashtable Env { get; } = new();

    public PackerTestKit()
    {
        Dir.Write("play.yml", "- hosts: all\n  tasks: []\n");
        Dir.Write("vault.txt", "s3cret-vault-pass\n");
    }

    /// <summary>A minimal valid amazon-ebs builder; <paramref name="extra"/> adds or replaces options (JSON fragment).</summary>
    public static string Builder(string extra = "") =>
        """{"type": "amazon-ebs", "region": "ap-northeast-1", "instance_type": "t2.nano", "source_ami": "ami-12345678", "ssh_username": "ec2-user", "ami_name": "app-{{isotime `20060102-1504`}}" """
        + (extra.Length > 0 ? ", " + extra : "") + "}";

    public PackerBuildPlan Read(string template, IReadOnlyList<PackerVarArg>? vars = null, PackerBuildFilter? filter = null)
    {
        Dir.Write("t.json", template);
        return PackerTemplateReader.Read("t.json", vars ?? [], filter ?? PackerBuildFilter.None, new FakeTimeProvider(Now), Env, Dir.Path);
    }

    public IReadOnlyList<string> Problems(string template, IReadOnlyList<PackerVarArg>? vars = null, PackerBuildFilter? filter = null) =>
        Assert.Throws<KilnInputException>(() => Read(template, vars, filter)).Problems;

    public void Dispose() => Dir.Dispose();
}
