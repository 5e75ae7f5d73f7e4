using Kiln.Baking.Steps;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Tests;

/// <summary>Packer's amazon build variables, filled from the source image as Packer documents them.</summary>
public class SourceVariablesTests
{
    private static readonly CloudImage Source = new(new ImageId("ami-0abc"), "base-20180301-1234", ImageState.Available,
        new DateTimeOffset(2018, 3, 1, 12, 34, 56, 789, TimeSpan.Zero), [], new Dictionary<string, string> { ["Team"] = "api" },
        Owner: "123456789012", OwnerAlias: "amazon");

    private static BakeState State(BakeSpec? spec = null) => new(new RunId("kiln-x"), spec ?? Spec(), "/tmp/x") { SourceImage = Source };

    private static BakeSpec Spec() => new()
    {
        Family = new Family("hoge-dev-api-base"), ImageName = "hoge-dev-api-base-20180301-1234",
        Source = new SourceSelector.BaseImage(), Cloud = new CloudSpec(CloudKind.Local, "ap-northeast-1"),
    };

    [Theory]
    [InlineData("{{ .SourceAMIName }}", "base-20180301-1234")]
    [InlineData("{{.SourceAMI}} in {{ .BuildRegion }}", "ami-0abc in ap-northeast-1")]
    [InlineData("{{ .SourceAMICreationDate }}", "2018-03-01T12:34:56.789Z")]
    [InlineData("{{ .SourceAMIOwner }}/{{ .SourceAMIOwnerName }}", "123456789012/amazon")]
    [InlineData("team {{ .SourceAMITags.Team }}, missing '{{ .SourceAMITags.Nope }}'", "team api, missing ''")]
    [InlineData("no variables", "no variables")]
    public void Build_variables_are_filled_from_the_source_image(string text, string expected) =>
        Assert.Equal(expected, SourceVariables.Render(text, State()));

    [Fact]
    public void Image_tags_are_rendered_and_kilns_lineage_still_wins()
    {
        var spec = Spec() with
        {
            ImageTags = new Dictionary<string, string>
            {
                ["Base"] = "{{ .SourceAMIName }}", ["Region"] = "{{ .BuildRegion }}", [KilnTags.SourceImage] = "{{ .SourceAMIName }}",
            },
        };
        var tags = StepCreateImage.Tags(State(spec), "1.0.0");
        Assert.Equal("base-20180301-1234", tags["Base"]);
        Assert.Equal("ap-northeast-1", tags["Region"]);
        Assert.Equal("ami-0abc", tags[KilnTags.SourceImage]);
    }
}
