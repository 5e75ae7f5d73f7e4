using System.Reflection;
using System.Text.RegularExpressions;
using Kiln.Templates.Packer;

namespace Kiln.Templates.Tests.Packer;

/// <summary>Every option Kiln still refuses is listed, with its reason, in docs/packer-templates.md ("Still refused").</summary>
public class RefusedOptionsDocTests
{
    [Theory]
    [InlineData("Kiln.Templates.Packer.AmazonEbsOptions", "Unsupported")]
    [InlineData("Kiln.Templates.Packer.GoogleComputeOptions", "Unsupported")]
    [InlineData("Kiln.Templates.Packer.AnsibleProvisionerReader", "Unsupported")]
    public void Each_refused_option_is_in_the_docs_with_its_reason(string type, string field)
    {
        var docs = File.ReadAllText(Path.Combine(Fixtures.Root, "..", "docs", "packer-templates.md"));
        var section = docs[docs.IndexOf("## Still refused", StringComparison.Ordinal)..];
        var refused = (IReadOnlyDictionary<string, string>)typeof(PackerTemplateReader).Assembly.GetType(type)!
            .GetField(field, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(null)!;
        Assert.NotEmpty(refused);
        foreach (var (option, why) in refused)
        {
            var line = section.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $"`{Regex.Escape(option)}`"));
            Assert.True(line is not null, $"{option} is refused but not listed in docs/packer-templates.md");
            Assert.Contains(why, line);
        }
    }
}
