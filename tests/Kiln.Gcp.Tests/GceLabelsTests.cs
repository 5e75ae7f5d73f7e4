using Kiln.Core;

namespace Kiln.Gcp.Tests;

/// <summary>Kiln's tags as Compute Engine labels and back: within Google's rules, and whole again where Kiln reads them
/// (the up-to-date check compares the source image and the inputs' digest).</summary>
public class GceLabelsTests
{
    [Fact]
    public void Lineage_tags_read_back_whole_a_source_image_of_another_project_included()
    {
        var tags = new Dictionary<string, string>
        {
            [KilnTags.SourceImage] = "projects/debian-cloud/global/images/debian-12-bookworm-v20250610",
            [KilnTags.Inputs] = "de45240f6cd0b73f9ddcfde5c8b39f67f74e30d925cd5eab",
            [KilnTags.Family] = "hoge-dev-api-base",
            [KilnTags.RunId] = "kiln-20261204-032147-6f35",
            ["team"] = "hoge",
        };
        var labels = GceLabels.FromTags(tags);
        Assert.Equal("debian-12-bookworm-v20250610", labels["kiln-source-image"]);
        Assert.Equal("debian-cloud", labels[GceLabels.SourceProjectKey]);
        Assert.All(labels, kv => Assert.Null(Core.Naming.NameRules.GceLabelProblem(kv.Key, kv.Value)));
        Assert.Equal(tags, GceLabels.ToTags(labels));
        // An image of the bake's own project is named by its name alone, and stays so.
        var own = GceLabels.FromTags(new Dictionary<string, string> { [KilnTags.SourceImage] = "hoge-dev-api-base-20261204-0321" });
        Assert.Equal("hoge-dev-api-base-20261204-0321", GceLabels.ToTags(own)[KilnTags.SourceImage]);
    }

    [Theory]
    [InlineData("https://github.com/example/playbooks.git", "github-com-example-playbooks")]
    [InlineData("git@github.com:Example/Playbooks.git", "github-com-example-playbooks")]
    [InlineData("ssh://git.example.com/srv/git/playbooks", "git-example-com-srv-git-playbooks")]
    public void A_playbook_repository_becomes_a_label_value_that_says_where_it_is(string url, string expected)
    {
        var labels = GceLabels.FromTags(new Dictionary<string, string> { [KilnTags.PlaybookRepo] = url });
        Assert.Equal(expected, labels["kiln-playbook-repo"]);
    }

    [Fact]
    public void Two_long_repositories_that_share_63_characters_stay_two_label_values()
    {
        var common = "https://git.example.com/a-very-long-group-name/another-long-subgroup/and-more";
        var a = GceLabels.FromTags(new Dictionary<string, string> { [KilnTags.PlaybookRepo] = common + "/playbooks-a.git" })["kiln-playbook-repo"];
        var b = GceLabels.FromTags(new Dictionary<string, string> { [KilnTags.PlaybookRepo] = common + "/playbooks-b.git" })["kiln-playbook-repo"];
        Assert.NotEqual(a, b);
        Assert.All(new[] { a, b }, v => Assert.Null(Core.Naming.NameRules.GceLabelProblem("kiln-playbook-repo", v)));
        Assert.Equal(63, a.Length);
    }
}
