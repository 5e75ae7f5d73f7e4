using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Kiln.Core.Baking;
using Kiln.Templates.Hcl;
using Kiln.Templates.Packer;
using Kiln.Templates.Packer.Hcl;
using Kiln.Templates.Tests.Packer.Hcl;

namespace Kiln.Templates.Tests.Oracle;

public sealed class PackerTheoryAttribute : TheoryAttribute
{
    public PackerTheoryAttribute()
    {
        if (new PackerFactAttribute().Skip is { } skip) Skip = skip;
    }
}

/// <summary>Kiln side by side with Packer 1.6.6 itself on HCL2 templates (Oracle/Hcl2, one feature each): `packer
/// inspect` and `kiln inspect` print the same variables, locals and builds; `packer console` and Kiln evaluate
/// every argument of every source and provisioner to the same value; and `packer hcl2_upgrade` of each JSON
/// template (Oracle/Json and the article's) reads in Kiln to the bake its JSON gives.</summary>
public class PackerHclOracleTests
{
    private static string Folder(string name) =>
        Path.Combine(Path.GetDirectoryName(Fixtures.Root)!, "tests", "Kiln.Templates.Tests", "Oracle", name);

    public static TheoryData<string> Templates => [.. Directory.GetFiles(Folder("Hcl2"), "*.pkr.hcl").Select(f => Path.GetFileName(f)).Order()];

    private static string[] Args(string template) => template.StartsWith("13-", StringComparison.Ordinal)
        ? ["-var-file=13-var-precedence.pkrvars.hcl", "-var", "from_flag=flag", "-var", "list_from_flag=[\"x\", \"y\"]"]
        : [];

    private static Hashtable Env(string template) => template.StartsWith("13-", StringComparison.Ordinal)
        ? new Hashtable { ["PKR_VAR_from_default"] = "from-env", ["PKR_VAR_from_flag"] = "from-env" } : new Hashtable();

    private static IReadOnlyList<PackerVarArg> Vars(string[] args) =>
        Kiln.Cli.PackerFlags.OrderedVars(Kiln.Cli.PackerFlags.Normalize(["inspect", .. args]));

    private static TempDir Copy(string folder)
    {
        var dir = new TempDir();
        foreach (var file in Directory.GetFiles(Folder(folder), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir.Path, Path.GetRelativePath(Folder(folder), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }

    [PackerTheory]
    [MemberData(nameof(Templates))]
    public void Kiln_inspect_prints_what_packer_inspect_prints(string template)
    {
        using var dir = Copy("Hcl2");
        var exit = Run("packer", ["inspect", .. Args(template), template], dir.Path, Env(template), out var packer, out var errors);
        Assert.True(exit == 0, errors);
        var kiln = PackerHclReader.Inspect(template, Vars(Args(template)), TimeProvider.System, Env(template), dir.Path);
        // Packer 1.6.6 prints variables sorted but locals in Go's map order, which changes from run to run.
        Assert.Equal(Sections(packer), Sections(kiln));
    }

    private static (string Variables, string Locals, string Builds) Sections(string text)
    {
        var locals = text.IndexOf("> local-variables:", StringComparison.Ordinal);
        var builds = text.IndexOf("> builds:", StringComparison.Ordinal);
        Assert.True(locals > 0 && builds > locals, text);
        return (text[..locals], string.Join('\n', text[locals..builds].Split('\n').Order(StringComparer.Ordinal)), text[builds..]);
    }

    [PackerTheory]
    [MemberData(nameof(Templates))]
    public void Every_source_and_provisioner_argument_has_the_value_packer_console_gives(string template)
    {
        using var dir = Copy("Hcl2");
        var source = new HclSource(template, File.ReadAllText(Path.Combine(dir.Path, template)));
        var body = HclParser.ParseFile(source);
        var expressions = new List<(string Where, string Text)>();
        foreach (var block in body.Blocks.Where(b => b.Type == "source")) Collect(source, block.Body, $"source.{string.Join('.', block.Labels)}", expressions);
        foreach (var block in body.Blocks.Where(b => b.Type == "build"))
            foreach (var p in block.Body.Blocks.Where(b => b.Type == "provisioner")) Collect(source, p.Body, $"provisioner.{p.Labels[0]}", expressions);
        // source.* and build.* exist only while a build runs, which packer console does not do.
        var compared = expressions.Where(e => !e.Text.Contains("source.") && !e.Text.Contains('\n')).ToList();
        Assert.NotEmpty(compared);
        var line = "jsonencode([" + string.Join(", ", compared.Select(e => e.Text)) + "])";

        var exit = Run("packer", ["console", .. Args(template), template], dir.Path, Env(template), out var packer, out var errors, line);
        Assert.True(exit == 0 && errors.Length == 0, errors + packer);
        var kiln = PackerHclReader.Evaluate(template, Vars(Args(template)), TimeProvider.System, Env(template), [line], dir.Path).Single();
        var theirs = JsonDocument.Parse(packer.TrimEnd('\n')).RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        // packer console shows a sensitive value as <sensitive>, inside strings too.
        var secrets = PackerHclReader.Read(template, Vars(Args(template)), PackerBuildFilter.None, TimeProvider.System, Env(template), dir.Path).Secrets;
        var shown = secrets.Aggregate(JsonSerializer.Deserialize<string>(kiln)!, (text, secret) => text.Replace(secret, "<sensitive>"));
        var ours = JsonDocument.Parse(shown).RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        for (var i = 0; i < compared.Count; i++) Assert.True(theirs[i] == ours[i], $"{compared[i].Where} = {compared[i].Text}: packer {theirs[i]}, kiln {ours[i]}");

        // And Kiln builds from those values: the image name is the one Packer evaluates.
        var plan = PackerHclReader.Read(template, Vars(Args(template)), PackerBuildFilter.None, TimeProvider.System, Env(template), dir.Path);
        var amiName = compared.FindIndex(e => e.Where.EndsWith(".ami_name", StringComparison.Ordinal));
        Assert.Contains(JsonSerializer.Deserialize<string>(theirs[amiName]), plan.Builds.Select(b => b.ImageName));
    }

    private static void Collect(HclSource source, HclBody body, string where, List<(string, string)> into)
    {
        foreach (var a in body.Attributes) into.Add(($"{where}.{a.Name}", source.Text[a.Expr.Range.Start..a.Expr.Range.End]));
        foreach (var b in body.Blocks) Collect(source, b.Body, $"{where}.{b.Type}", into);
    }

    public static TheoryData<string> JsonTemplates => [.. Directory.GetFiles(Folder("Json"), "*.json").Select(f => Path.GetFileName(f)).Order().Append("article")];

    [PackerTheory]
    [MemberData(nameof(JsonTemplates))]
    public void Hcl2_upgrade_of_a_json_template_reads_to_the_same_bake(string name)
    {
        using var dir = name == "article" ? Fixtures.CopyHoge() : Copy("Json");
        var json = name == "article" ? "packer.json" : name;
        IReadOnlyList<PackerVarArg> vars = [];
        Directory.CreateDirectory(Path.Combine(dir.Path, "up"));
        if (name == "article")
        {
            File.WriteAllText(Path.Combine(dir.Path, "parameter.json"), File.ReadAllText(Path.Combine(dir.Path, "sample_parameter.template"))
                .Replace("__ACCOUNT__", "hoge").Replace("__AMINAME__", "hoge-dev-api-base-20180301-1234").Replace("__SOURCEAMI__", "ami-0123456789abcdef0")
                .Replace("__VOLUMESIZE__", "50").Replace("__ENVIROMENT__", "dev").Replace("__GROUP__", "dev-api").Replace("__CATEGORY__", "api")
                .Replace("__PLAYBOOKDIR__", "."));
            vars = [new PackerVarArg.VarFile("parameter.json")];
            // The article's template declares no variables, so hcl2_upgrade writes none: a team adds them beside it.
            File.WriteAllText(Path.Combine(dir.Path, "up", "variables.pkr.hcl"), string.Concat(
                new[] { "account", "ami_name", "source_ami", "volume_size", "ansible_enviroment", "ansible_group", "ansible_category", "playbook_directory" }
                    .Select(v => $"variable \"{v}\" {{\n  type = string\n}}\n")));
        }
        var exit = Run("packer", ["hcl2_upgrade", "-output-file=up/upgraded.pkr.hcl", json], dir.Path, new Hashtable(), out _, out var errors);
        Assert.True(exit == 0, errors);

        var clock = TimeProvider.System;
        var fromJson = PackerTemplateReader.Read(json, vars, PackerBuildFilter.None, clock, new Hashtable(), dir.Path).Builds;
        var fromHcl = PackerHclReader.Read("up", vars, PackerBuildFilter.None, clock, new Hashtable(), dir.Path).Builds;
        static string Normal(BakeSpec s) => ArticleHclTemplateTests.Shape(s with { BuildName = "", LineageDirectory = null });
        Assert.Equal(fromJson.Count, fromHcl.Count);
        foreach (var (a, b) in fromJson.Select(Normal).Order().Zip(fromHcl.Select(Normal).Order())) Assert.Equal(a, b);
    }

    private static int Run(string file, string[] args, string cwd, Hashtable env, out string output, out string errors, string? input = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = cwd };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        foreach (DictionaryEntry e in env) start.Environment[(string)e.Key] = (string?)e.Value;
        using var process = Process.Start(start)!;
        if (input is not null) process.StandardInput.WriteLine(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        errors = process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        output = stdout.Result;
        return process.ExitCode;
    }
}
