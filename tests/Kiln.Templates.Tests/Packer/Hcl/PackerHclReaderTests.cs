using Kiln.Core.Baking;
using Kiln.Templates.Packer;

namespace Kiln.Templates.Tests.Packer.Hcl;

public class PackerHclReaderTests
{
    private const string Declared = """
        variable "v" {
          type    = string
          default = "default"
        }

        """;

    private static string Build(string provisioners = "") => $$"""
        build {
          sources = ["source.amazon-ebs.base"]
        {{provisioners}}
        }
        """;

    private static string NameFrom(string expression) => HclTestKit.Source.Replace("\"app-20180301-0907\"", expression);

    [Fact]
    public void Variable_values_take_packers_precedence()
    {
        using var kit = new HclTestKit();
        var template = Declared + NameFrom("\"app-${var.v}\"") + Build();
        Assert.Equal("app-default", kit.Read(template).Builds[0].ImageName);
        kit.Env["PKR_VAR_v"] = "env";
        Assert.Equal("app-env", kit.Read(template).Builds[0].ImageName);
        kit.Dir.Write("b.auto.pkrvars.hcl", "v = \"auto-b\"\n");
        kit.Dir.Write("a.auto.pkrvars.hcl", "v = \"auto-a\"\n");
        Assert.Equal("app-env", kit.Read(template).Builds[0].ImageName); // a single file reads no auto files
        Assert.Equal("app-auto-b", kit.Read("", target: ".").Builds[0].ImageName); // a directory: lexical order, b last
        kit.Dir.Write("f.pkrvars.hcl", "v = \"file\"\n");
        kit.Dir.Write("f.json", """{"v": "json-file"}""");
        Assert.Equal("app-file", kit.Read("", [new PackerVarArg.VarFile("f.pkrvars.hcl")], target: ".").Builds[0].ImageName);
        Assert.Equal("app-flag", kit.Read("", [new PackerVarArg.VarFile("f.pkrvars.hcl"), new PackerVarArg.Var("v", "flag")], target: ".").Builds[0].ImageName);
        Assert.Equal("app-json-file", kit.Read("", [new PackerVarArg.Var("v", "flag"), new PackerVarArg.VarFile("f.json")], target: ".").Builds[0].ImageName);
    }

    [Fact]
    public void An_undeclared_value_warns_from_a_file_and_fails_from_a_flag()
    {
        using var kit = new HclTestKit();
        kit.Dir.Write("f.pkrvars.hcl", "nope = 1\n");
        var plan = kit.Read(Declared + HclTestKit.Source + Build(), [new PackerVarArg.VarFile("f.pkrvars.hcl")]);
        Assert.Contains(plan.Warnings, w => w.Contains("undeclared variable \"nope\""));
        var problem = Assert.Single(kit.Problems(Declared + HclTestKit.Source + Build(), [new PackerVarArg.Var("vv", "x")]));
        Assert.Contains("there is no variable named \"vv\"", problem);
        Assert.Contains("did you mean \"v\"", problem);
    }

    [Fact]
    public void Types_convert_as_packer_and_validation_rules_apply()
    {
        using var kit = new HclTestKit();
        const string Typed = """
            variable "size" {
              type    = number
              default = "40"
              validation {
                condition     = var.size >= 8 && var.size <= 100
                error_message = "The size must be 8 to 100 GB."
              }
            }
            variable "disk" {
              type    = object({ type = string, delete = optional(bool, true) })
              default = { type = "gp3" }
            }

            """;
        var source = HclTestKit.Source.Replace("  ami_name", "  ami_block_device_mappings {\n    device_name = \"/dev/xvda\"\n    volume_size = var.size\n    volume_type = var.disk.type\n    delete_on_termination = var.disk.delete\n  }\n  ami_name");
        var spec = kit.Read(Typed + source + Build()).Builds[0];
        Assert.Equal(new Kiln.Core.Cloud.RootVolume("/dev/xvda", 40, "gp3"), spec.RootVolume);
        var problems = kit.Problems(Typed + source + Build(), [new PackerVarArg.Var("size", "500")]);
        var problem = Assert.Single(problems);
        Assert.StartsWith("t.pkr.hcl:5:21: Invalid value for variable: The size must be 8 to 100 GB.", problem);
        Assert.Contains("\n  5 |     condition     = var.size >= 8 && var.size <= 100\n", problem);
        Assert.Contains("-var size: the value is not a valid HCL expression", Assert.Single(kit.Problems(Typed + source + Build(), [new PackerVarArg.Var("size", "big one")])));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_line_and_a_caret()
    {
        using var kit = new HclTestKit();
        var template = """
            variable "n" {
              type = number
              default = "x"
            }
            locals {
              a = upper(1, 2)
            }
            source "amazon-ebs" "base" {
              region        = "ap-northeast-1"
              instance_type = "t2.nano"
              source_ami    = "ami-12345678"
              ssh_username  = "ec2-user"
              ami_name      = "app"
              ssh_port      = "abc"
              colour        = "blue"
            }
            build {
              sources = ["source.amazon-ebs.base", "source.amazon-ebs.nope"]
              provisioner "chef-solo" {}
            }
            """;
        var problems = kit.Problems(template);
        Assert.Equal(6, problems.Count);
        Assert.Equal("t.pkr.hcl:3:13: Invalid default value for variable: value must be a number, got \"x\" (a string that is not a number) (the type is number)\n  3 |   default = \"x\"\n                  ^^^", problems[0]);
        Assert.Contains(problems, p => p.StartsWith("t.pkr.hcl:6:7: Too many function arguments"));
        Assert.Contains(problems, p => p.StartsWith("t.pkr.hcl:18:40: Unknown source \"source.amazon-ebs.nope\""));
        Assert.Contains(problems, p => p == "t.pkr.hcl:14:19: source.amazon-ebs.base.ssh_port: expected an integer, got \"abc\"\n  14 |   ssh_port      = \"abc\"\n                         ^");
        Assert.Contains(problems, p => p.StartsWith("t.pkr.hcl:15:3: source.amazon-ebs.base.colour: unknown option 'colour'"));
        Assert.Contains(problems, p => p.StartsWith("t.pkr.hcl:19:15: type: provisioner type 'chef-solo' is not supported by Kiln"));
    }

    [Fact]
    public void A_syntax_error_stops_its_file_with_the_place()
    {
        using var kit = new HclTestKit();
        var problem = Assert.Single(kit.Problems("variable \"x\" {\n  default = \"open\n}\n"));
        Assert.Equal("t.pkr.hcl:2:18: Unterminated template string: a quoted string must end on its line; use a heredoc (<<EOT) for text of several lines\n  2 |   default = \"open\n                       ^", problem);
    }

    [Fact]
    public void Sensitive_variables_and_locals_are_masked_like_a_vault_secret()
    {
        using var kit = new HclTestKit();
        var template = """
            variable "token" {
              type      = string
              default   = "tok-3xyz-secret"
              sensitive = true
            }
            local "derived" {
              expression = "pw-${var.token}"
              sensitive  = true
            }

            """ + HclTestKit.Source.Replace("  ami_name", "  ssh_port = local.derived\n  ami_name") + Build();
        var problem = Assert.Single(kit.Problems(template));
        Assert.DoesNotContain("tok-3xyz-secret", problem);
        Assert.Contains("expected an integer", problem);
        var inspect = kit.Inspect(template.Replace("  ssh_port = local.derived\n", ""));
        Assert.Contains("var.token: \"<sensitive>\"", inspect);
        Assert.Contains("local.derived: \"<sensitive>\"", inspect);
        Assert.DoesNotContain("tok-3xyz", inspect);
        var plan = kit.Read(template.Replace("  ssh_port = local.derived\n", ""));
        Assert.Contains("tok-3xyz-secret", plan.Secrets);
        Assert.Contains("pw-tok-3xyz-secret", plan.Secrets);
    }

    [Fact]
    public void Build_sources_overrides_and_provisioner_options_apply()
    {
        using var kit = new HclTestKit();
        var template = HclTestKit.Source + """
            build {
              name    = "web"
              sources = ["source.amazon-ebs.base"]
              source "amazon-ebs.base" {
                name          = "big"
                instance_type = "m5.large"
              }
              provisioner "shell" {
                only         = ["amazon-ebs.big"]
                inline       = ["echo ${source.name} ${source.type}"]
                pause_before = "2s"
                max_retries  = 3
                timeout      = "1m"
              }
              provisioner "shell" {
                inline   = ["echo default"]
                override = { "amazon-ebs.base" = { inline = ["echo overridden"] } }
              }
              error-cleanup-provisioner "shell-local" {
                inline = ["echo cleanup"]
              }
            }
            """;
        var plan = kit.Read(template);
        Assert.Equal(["base", "big"], plan.Builds.Select(b => b.BuildName));
        Assert.Equal(["t2.nano", "m5.large"], plan.Builds.Select(b => b.InstanceType));
        var small = plan.Builds[0].Provisioners.Cast<ShellProvisionerSpec>().Single();
        Assert.Equal(["echo overridden"], small.Inline);
        var big = plan.Builds[1].Provisioners.Cast<ShellProvisionerSpec>().ToList();
        Assert.Equal(["echo big amazon-ebs"], big[0].Inline);
        Assert.Equal((TimeSpan.FromSeconds(2), 3, TimeSpan.FromMinutes(1)), (big[0].PauseBefore!.Value, big[0].MaxRetries, big[0].Timeout!.Value));
        Assert.Equal(["echo default"], big[1].Inline);
        Assert.Equal(["echo cleanup"], Assert.IsType<ShellLocalProvisionerSpec>(plan.Builds[1].ErrorCleanupProvisioner).Inline);
        Assert.Equal(["base"], kit.Read(template, filter: new PackerBuildFilter(["web.amazon-ebs.base"], [])).Builds.Select(b => b.BuildName));
        Assert.Equal(["big"], kit.Read(template, filter: new PackerBuildFilter([], ["*.amazon-ebs.base"])).Builds.Select(b => b.BuildName));
    }

    [Fact]
    public void Shell_options_and_a_shell_local_post_processor_read_as_in_json()
    {
        using var kit = new HclTestKit();
        var plan = kit.Read(HclTestKit.Source + """
            build {
              sources = ["source.amazon-ebs.base"]
              provisioner "shell" {
                inline           = ["echo hi"]
                remote_folder    = "/var/tmp"
                use_env_var_file = true
                valid_exit_codes = [0, 3]
                pause_after      = "1s"
              }
              post-processor "manifest" {}
              post-processor "shell-local" {
                inline = ["echo ${source.name} $KILN_ARTIFACT_ID"]
              }
            }
            """);
        var shell = Assert.IsType<ShellProvisionerSpec>(Assert.Single(plan.Builds[0].Provisioners));
        Assert.Equal(("/var/tmp", true, TimeSpan.FromSeconds(1)), (shell.RemoteFolder, shell.UseEnvVarFile, shell.PauseAfter!.Value));
        Assert.Equal([0, 3], shell.ValidExitCodes);
        var post = plan.PostProcessors["base"];
        Assert.IsType<Kiln.Templates.Packer.PostProcessors.ManifestPostProcessor>(post[0]);
        Assert.Equal(["echo base $KILN_ARTIFACT_ID"], Assert.IsType<Kiln.Templates.Packer.PostProcessors.ShellLocalPostProcessor>(post[1]).Spec.Inline);
    }

    [Fact]
    public void Dynamic_blocks_expand_with_their_iterator()
    {
        using var kit = new HclTestKit();
        var template = """
            locals {
              disks = { "/dev/xvda" = 20 }
              steps = ["one", "two"]
            }
            source "amazon-ebs" "base" {
              region        = "ap-northeast-1"
              instance_type = "t2.nano"
              source_ami    = "ami-12345678"
              ssh_username  = "ec2-user"
              ami_name      = "app"
              dynamic "ami_block_device_mappings" {
                for_each = local.disks
                iterator = disk
                content {
                  device_name = disk.key
                  volume_size = disk.value
                  volume_type = "gp2"
                }
              }
            }
            build {
              sources = ["source.amazon-ebs.base"]
              dynamic "provisioner" {
                for_each = local.steps
                labels   = ["shell"]
                content {
                  inline = ["echo ${provisioner.key}:${provisioner.value}"]
                }
              }
            }
            """;
        var spec = kit.Read(template).Builds[0];
        Assert.Equal(new Kiln.Core.Cloud.RootVolume("/dev/xvda", 20, "gp2"), spec.RootVolume);
        Assert.Equal(["echo 0:one", "echo 1:two"], spec.Provisioners.Cast<ShellProvisionerSpec>().SelectMany(p => p.Inline));
    }

    [Fact]
    public void Data_amazon_ami_becomes_the_source_filter_and_other_data_sources_are_refused()
    {
        using var kit = new HclTestKit();
        var template = """
            data "amazon-ami" "base" {
              filters     = { name = "base-*" }
              owners      = ["self"]
              most_recent = true
              region      = "ap-northeast-1"
            }

            """ + HclTestKit.Source.Replace("\"ami-12345678\"", "data.amazon-ami.base.id") + Build();
        var spec = kit.Read(template).Builds[0];
        var filter = Assert.IsType<SourceSelector.Filter>(spec.Source);
        Assert.Equal("base-*", filter.Filters["name"]);
        Assert.True(filter.MostRecent);
        var refused = kit.Problems(template.Replace("ami_name      = \"app-20180301-0907\"", "ami_name = \"app-${data.amazon-ami.base.id}\"")
            + "\ndata \"amazon-parameterstore\" \"p\" {\n  name = \"/x\"\n}\n");
        Assert.Contains(refused, p => p.Contains("data \"amazon-parameterstore\" is not supported by Kiln"));
        Assert.Contains(refused, p => p.Contains("Kiln resolves data \"amazon-ami\" only as a source's source_ami"));
    }

    [Fact]
    public void The_packer_block_accepts_the_built_in_plugins_and_refuses_others_by_name()
    {
        using var kit = new HclTestKit();
        var packer = """
            packer {
              required_version = ">= 1.7.0"
              required_plugins {
                amazon = {
                  version = ">= 1.0.0"
                  source  = "github.com/hashicorp/amazon"
                }
                ansible = {
                  version = "~> 1"
                  source  = "github.com/hashicorp/ansible"
                }
              }
            }

            """;
        Assert.Single(kit.Read(packer + HclTestKit.Source + Build()).Builds);
        var problems = kit.Problems(packer.Replace("ansible = {", "docker = {").Replace(">= 1.7.0", "< 1.5") + HclTestKit.Source + Build());
        Assert.Contains(problems, p => p.Contains("required_version \"< 1.5\" is not met"));
        Assert.Contains(problems, p => p.Contains("plugin \"docker\" is not supported by Kiln"));
    }

    [Fact]
    public void The_manifest_post_processor_is_read_and_others_are_refused()
    {
        using var kit = new HclTestKit();
        var plan = kit.Read(HclTestKit.Source + Build("""
              post-processor "manifest" {
                output      = "out/manifest.json"
                strip_path  = true
                custom_data = { team = "web" }
              }
            """));
        var manifest = plan.Manifests["base"];
        Assert.Equal((Path.Combine(kit.Dir.Path, "out", "manifest.json"), true, "web"), (manifest.Output, manifest.StripPath, manifest.CustomData["team"]));
        var problem = Assert.Single(kit.Problems(HclTestKit.Source + Build("  post-processor \"docker-push\" {}\n")));
        Assert.Contains("post-processor \"docker-push\" is not supported by Kiln", problem);
    }

    [Fact]
    public void Env_is_allowed_only_in_variable_defaults()
    {
        using var kit = new HclTestKit();
        Environment.SetEnvironmentVariable("KILN_HCL_TEST_REGION", "eu-west-1");
        var ok = "variable \"r\" {\n  default = env(\"KILN_HCL_TEST_REGION\")\n}\n" + HclTestKit.Source.Replace("\"ap-northeast-1\"", "var.r") + Build();
        Assert.Equal("eu-west-1", kit.Read(ok).Builds[0].Cloud.Region);
        var problems = kit.Problems(HclTestKit.Source.Replace("\"ap-northeast-1\"", "env(\"KILN_HCL_TEST_REGION\")") + Build());
        Assert.StartsWith("t.pkr.hcl:2:19: env() is allowed only in a variable's default", problems[0]);
    }

    [Fact]
    public void A_pkr_json_template_reads_as_its_hcl_twin()
    {
        using var kit = new HclTestKit();
        var hcl = Declared + NameFrom("\"app-${var.v}\"") + Build("  provisioner \"shell\" {\n    inline = [\"echo ${var.v}\"]\n  }\n");
        var json = """
            {
              "variable": { "v": { "type": "string", "default": "default" } },
              "source": { "amazon-ebs": { "base": {
                "region": "ap-northeast-1", "instance_type": "t2.nano", "source_ami": "ami-12345678",
                "ssh_username": "ec2-user", "ami_name": "app-${var.v}" } } },
              "build": { "sources": ["source.amazon-ebs.base"], "provisioner": [{ "shell": { "inline": ["echo ${var.v}"] } }] }
            }
            """;
        var a = kit.Read(hcl).Builds[0];
        var b = kit.Read(json, target: "t.pkr.json").Builds[0];
        Assert.Equal(ArticleHclTemplateTests.Shape(a), ArticleHclTemplateTests.Shape(b));
    }
}
