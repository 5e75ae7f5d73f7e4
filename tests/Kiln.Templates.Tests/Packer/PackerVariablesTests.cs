using Kiln.Core.Baking;
using Kiln.Templates.Packer;

namespace Kiln.Templates.Tests.Packer;

public class PackerVariablesTests
{
    private static string Template(string variables, string amiName = "{{user `name`}}") =>
        $$"""{"variables": {{{variables}}}, "builders": [{{PackerTestKit.Builder()[..^1]}}, "ami_name": "{{amiName}}"}]}""";

    [Fact]
    public void The_default_applies_when_nothing_else_is_given()
    {
        using var kit = new PackerTestKit();
        Assert.Equal("from-default", kit.Read(Template("\"name\": \"from-default\"")).Builds[0].ImageName);
    }

    [Fact]
    public void Later_arguments_win_in_command_line_order()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("a.json", """{"name": "from-file-a"}""");
        kit.Dir.Write("b.json", """{"name": "from-file-b"}""");
        string Name(params PackerVarArg[] args) => kit.Read(Template("\"name\": \"from-default\""), args).Builds[0].ImageName;

        Assert.Equal("from-var", Name(new PackerVarArg.VarFile("a.json"), new PackerVarArg.Var("name", "from-var")));
        Assert.Equal("from-file-a", Name(new PackerVarArg.Var("name", "from-var"), new PackerVarArg.VarFile("a.json")));
        Assert.Equal("from-file-b", Name(new PackerVarArg.VarFile("a.json"), new PackerVarArg.VarFile("b.json")));
        Assert.Equal("second", Name(new PackerVarArg.Var("name", "first"), new PackerVarArg.Var("name", "second")));
    }

    [Fact]
    public void Variables_use_env_and_other_variables_and_functions()
    {
        using var kit = new PackerTestKit();
        kit.Env["APP"] = "shop";
        var spec = kit.Read(Template("\"app\": \"{{env `APP`}}\", \"name\": \"{{user `app`}}-{{isotime `20060102-1504`}}\"")).Builds[0];
        Assert.Equal("shop-20180301-0907", spec.ImageName);
        Assert.Equal("shop", spec.Family!.Name);
    }

    [Fact]
    public void A_var_argument_is_rendered_too()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read(Template("\"name\": null"), [new PackerVarArg.Var("name", "x-{{timestamp}}")]).Builds[0];
        Assert.Equal("x-1519895225", spec.ImageName);
    }

    [Fact]
    public void Numbers_and_booleans_as_defaults_are_refused_as_packer_1_6_6_does()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(Template("\"size\": 30, \"flag\": true, \"name\": \"n-name\""));
        Assert.Contains(problems, p => p.Contains("variables.size: variable 'size' must have a string default (or null when it is required), got a number: write \"30\""));
        Assert.Contains(problems, p => p.Contains("variables.flag: variable 'flag' must have a string default"));
    }

    [Fact]
    public void Sensitive_values_are_returned_as_secrets_and_masked_in_errors()
    {
        using var kit = new PackerTestKit();
        var template = """{"variables": {"pw": "hunter2-secret"}, "sensitive-variables": ["pw"], "builders": [BUILDER]}"""
            .Replace("BUILDER", PackerTestKit.Builder("\"ssh_port\": \"{{user `pw`}}\""));
        var problem = Assert.Single(kit.Problems(template));
        Assert.DoesNotContain("hunter2-secret", problem);
        Assert.Contains("expected an integer, got \"***\"", problem);

        var ok = kit.Read(template.Replace("\"ssh_port\": \"{{user `pw`}}\"", "\"ami_description\": \"x\""));
        Assert.Contains("hunter2-secret", ok.Secrets);
        Assert.Contains("s3cret-vault-pass", kit.Read(template.Replace("\"ssh_port\": \"{{user `pw`}}\"", "\"ami_description\": \"x\"")
            .Replace("]}", "], \"provisioners\": [{\"type\": \"ansible\", \"playbook_file\": \"play.yml\", \"extra_arguments\": [\"--vault-password-file=vault.txt\"]}]}")).Secrets);
    }

    [Fact]
    public void A_reference_to_an_unset_variable_expands_to_empty_with_a_warning()
    {
        using var kit = new PackerTestKit();
        var plan = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("\"ami_description\": \"[{{user `nope`}}]\"")}}]}""");
        Assert.Equal("[]", plan.Builds[0].ImageDescription);
        Assert.Contains(plan.Warnings, w => w.Contains("user variable 'nope' is not set"));
    }

    [Fact]
    public void Variables_that_refer_to_each_other_in_a_circle_are_an_error()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(Template("\"a\": \"{{user `b`}}\", \"b\": \"{{user `a`}}\", \"name\": \"x-name\""));
        Assert.Contains(problems, p => p.Contains("refers to itself"));
    }

    [Fact]
    public void Env_outside_variables_is_refused_with_the_fix()
    {
        using var kit = new PackerTestKit();
        var problem = Assert.Single(kit.Problems($$"""{"builders": [{{PackerTestKit.Builder("\"ami_description\": \"{{env `HOME`}}\"")}}]}"""));
        Assert.Contains("builders[0].ami_description: {{env `HOME`}}: env is only allowed in the 'variables' section", problem);
    }

    [Fact]
    public void Build_name_and_type_and_template_dir_are_per_build()
    {
        using var kit = new PackerTestKit();
        var one = PackerTestKit.Builder("\"name\": \"one\", \"ami_description\": \"{{build_name}} {{build_type}} {{template_dir}}\"");
        var two = PackerTestKit.Builder("\"name\": \"two\", \"ami_description\": \"{{build_name}}\"");
        var template = $$"""{"builders": [{{one}}, {{two}}]}""";
        var plan = kit.Read(template);
        Assert.Equal($"one amazon-ebs {kit.Dir.Path}", plan.Builds[0].ImageDescription);
        Assert.Equal("two", plan.Builds[1].ImageDescription);
        Assert.Equal(["one", "two"], plan.Builds.Select(b => b.BuildName));
        Assert.Equal(["two"], kit.Read(template, filter: new PackerBuildFilter(["two"], [])).Builds.Select(b => b.BuildName));
        Assert.Equal(["one"], kit.Read(template, filter: new PackerBuildFilter([], ["two"])).Builds.Select(b => b.BuildName));
    }

    [Fact]
    public void Provisioner_only_except_and_override_follow_the_build()
    {
        using var kit = new PackerTestKit();
        var template = $$$"""
            {"builders": [{{{PackerTestKit.Builder("\"name\": \"one\"")}}}, {{{PackerTestKit.Builder("\"name\": \"two\"")}}}],
             "provisioners": [
               {"type": "shell", "inline": ["echo both"], "override": {"two": {"inline": ["echo two"]} } },
               {"type": "shell", "inline": ["echo only one"], "only": ["one"]},
               {"type": "shell", "inline": ["echo not one"], "except": ["one"], "pause_before": "10s", "max_retries": "3", "timeout": "5m", "name": "late"}
             ]}
            """;
        var plan = kit.Read(template);
        Assert.Equal(["echo both", "echo only one"], plan.Builds[0].Provisioners.Cast<ShellProvisionerSpec>().SelectMany(s => s.Inline));
        Assert.Equal(["echo two", "echo not one"], plan.Builds[1].Provisioners.Cast<ShellProvisionerSpec>().SelectMany(s => s.Inline));
        var late = plan.Builds[1].Provisioners[1];
        Assert.Equal(("late", TimeSpan.FromSeconds(10), 3, TimeSpan.FromMinutes(5)), (late.Name, late.PauseBefore!.Value, late.MaxRetries, late.Timeout!.Value));
    }
}
