using Kiln.Templates.Engine;

namespace Kiln.Templates.Tests.Engine;

public class TemplateRendererTests
{
    private static readonly DateTimeOffset Now = new(2018, 3, 1, 9, 7, 5, TimeSpan.Zero);

    private static readonly TemplateContext Context = new()
    {
        Now = Now,
        User = name => name switch { "account" => "hoge", "group" => "dev-api", _ => throw new TemplateException($"variable {name} not set") },
        BuildName = "amazon-ebs",
        BuildType = "amazon-ebs",
        TemplateDirectory = "/work/t",
        WorkingDirectory = "/work/cwd",
        NewUuid = () => "0000-uuid",
    };

    [Theory]
    // Each expected output is what Packer 1.6.6 prints for the same template (packer console / packer build).
    [InlineData("{{user `account`}}-dev", "hoge-dev")]
    [InlineData("{{ user \"group\" }}", "dev-api")]
    [InlineData("{{timestamp}}", "1519895225")]
    [InlineData("{{isotime}}", "2018-03-01T09:07:05Z")]
    [InlineData("{{isotime \"20060102-1504\"}}", "20180301-0907")]
    [InlineData("{{ isotime | clean_resource_name }}", "2018-03-01T09-07-05Z")]
    [InlineData("{{ clean_resource_name \"Ab:c d,e=f+g~h[i]j'k@l.m\" }}", "Ab-c d-e-f-g-h[i]j'k@l.m")]
    [InlineData("{{ \"a b:c\" | clean_resource_name }}", "a b-c")]
    [InlineData("{{ lower \"ABC\" }}{{ upper \"def\" }}", "abcDEF")]
    [InlineData("{{ \"MiXeD\" | lower }}", "mixed")]
    [InlineData("{{ upper (lower \"AbC\") }}", "ABC")]
    [InlineData("{{ replace \"a\" \"b\" 1 \"aaa\" }}", "baa")]
    [InlineData("{{ replace \"a\" \"b\" -1 \"aaa\" }}", "bbb")]
    [InlineData("{{ replace \"\" \"x\" -1 \"abc\" }}", "xaxbxcx")]
    [InlineData("{{ replace \"\" \"x\" 2 \"abc\" }}", "xaxbc")]
    [InlineData("{{ build_name | replace \"-\" \"_\" 1 }}", "amazon_ebs")]
    [InlineData("{{ replace_all \"-\" \"_\" \"a-b-c\" }}", "a_b_c")]
    [InlineData("{{ split \"a-b-c\" \"-\" 1 }}", "b")]
    [InlineData("{{ split \"abc\" \"\" 1 }}", "b")]
    [InlineData("{{ split build_name \"-\" 0 }}", "amazon")]
    [InlineData("{{build_name}}/{{build_type}}", "amazon-ebs/amazon-ebs")]
    [InlineData("{{template_dir}}/x {{pwd}}", "/work/t/x /work/cwd")]
    [InlineData("id-{{uuid}}", "id-0000-uuid")]
    [InlineData("a {{- \"b\" -}} c", "abc")]
    [InlineData("{{/* a comment */}}z", "z")]
    [InlineData("{{ \"tab\\there\" }}", "tab\there")]
    [InlineData("{{ \"}}\" }}", "}}")]
    [InlineData("no actions {here}", "no actions {here}")]
    [InlineData("{{ 42 }}", "42")]
    public void Renders_like_packer(string template, string expected) =>
        Assert.Equal(expected, TemplateRenderer.Render(template, Context));

    [Theory]
    [InlineData("{{ nope }}", "function \"nope\" not defined")]
    [InlineData("{{ vault `secret/x` `k` }}", "function \"vault\" is not supported by Kiln")]
    [InlineData("{{ env `HOME` }}", "env is only allowed in the 'variables' section")]
    [InlineData("{{ if true }}x{{ end }}", "{{if}} is not supported")]
    [InlineData("{{ user `account`", "unclosed action")]
    [InlineData("{{ user `account }}", "unterminated raw string")]
    [InlineData("{{ lower }}", "wrong number of args for lower: want 1 got 0")]
    [InlineData("{{ isotime \"2006\" \"x\" }}", "wrong number of args for isotime: want 0 to 1 got 2")]
    [InlineData("{{ split \"a-b\" \"-\" 5 }}", "the substring 5 was unavailable")]
    [InlineData("{{ replace \"a\" \"b\" \"x\" \"aaa\" }}", "replace: argument 3 must be an integer")]
    [InlineData("{{ .Path }}", ".Path is a Packer build variable")]
    [InlineData("{{ user `missing` }}", "variable missing not set")]
    [InlineData("{{ \"a\" \"b\" }}", "can't give arguments to a non-function")]
    [InlineData("{{ $x := 1 }}", "template variables ($x) are not supported")]
    [InlineData("{{ }}", "empty action")]
    [InlineData("{{ lower (upper \"a\" }}", "unclosed '('")]
    public void Errors_name_the_problem(string template, string expected)
    {
        var e = Assert.Throws<TemplateException>(() => TemplateRenderer.Render(template, Context));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Env_is_read_where_the_context_allows_it()
    {
        var context = Context with { Env = name => name == "REGION" ? "us-east-1" : null };
        Assert.Equal("us-east-1/", TemplateRenderer.Render("{{env `REGION`}}/{{env `UNSET`}}", context));
    }

    [Fact]
    public void Field_references_are_found_without_rendering() =>
        Assert.Equal([".Path", ".Vars"], TemplateRenderer.FieldReferences("chmod +x {{.Path}}; {{ .Vars }} {{.Path | lower}}").Distinct());
}

public class BuildVariablesTests
{
    [Fact]
    public void Build_variables_are_kept_for_the_bake_and_then_filled()
    {
        var context = new TemplateContext { Now = DateTimeOffset.UnixEpoch, DeferBuildVariables = true, User = _ => "u" };
        var kept = TemplateRenderer.Render("{{user `x`}} from {{ .SourceAMIName }} ({{.SourceAMITags.Team}}) in {{ .BuildRegion }}", context);
        Assert.Equal("u from {{ .SourceAMIName }} ({{.SourceAMITags.Team}}) in {{ .BuildRegion }}", kept);

        var values = new Dictionary<string, string> { ["SourceAMIName"] = "base-1", ["SourceAMITags.Team"] = "web", ["BuildRegion"] = "ap-northeast-1" };
        Assert.Equal("u from base-1 (web) in ap-northeast-1", BuildVariables.Render(kept, n => values.GetValueOrDefault(n)));
    }

    [Fact]
    public void Other_fields_are_still_refused()
    {
        var context = new TemplateContext { Now = DateTimeOffset.UnixEpoch, DeferBuildVariables = true };
        Assert.Throws<TemplateException>(() => TemplateRenderer.Render("{{ .WinRMPassword }}", context));
    }
}
