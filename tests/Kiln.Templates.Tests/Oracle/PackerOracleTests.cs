using System.Diagnostics;
using System.Globalization;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Tests.Oracle;

/// <summary>Runs only where Packer 1.6.6 is installed (`apt-get install packer`): the facts the other tables
/// assert about Packer's template engine, checked against Packer itself.</summary>
public sealed class PackerFactAttribute : FactAttribute
{
    public PackerFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "packer")));
        if (!onPath) Skip = "packer is not installed";
    }
}

public class PackerOracleTests
{
    private static readonly string[] Layouts =
    [
        "20060102-1504", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05-07:00", "Mon Jan _2 15:04:05 MST 2006",
        "Monday, January 2, 2006", "3:04PM 3:04pm 03:04:05 PM", "15:04:05.000 15:04:05.999999",
        "06/1/2", "-0700 Z0700 -07 -07:00:00 Z07:00:00", "Janet _2006 1.5", "Mondays Monthly Jane", "02-Jan-06",
    ];

    private static readonly string[] Functions =
    [
        "{{ split \"a-b-c\" \"-\" 1 }}", "{{ replace \"a\" \"b\" 1 \"aaa\" }}", "{{ replace \"\" \"x\" 2 \"abc\" }}",
        "{{ replace_all \"-\" \"_\" \"a-b-c\" }}", "{{ upper (lower \"AbC\") }}", "{{ \"MiXeD\" | lower }}", "a {{- \"b\" -}} c",
        "{{/* comment */}}z", "{{ \"tab\\there\" }}", "{{ \"}}\" }}",
    ];

    [PackerFact]
    public void Isotime_layouts_and_functions_print_what_packer_prints()
    {
        const string Sep = "§";
        var line = "{{isotime `2006-01-02T15:04:05.000000000Z07:00`}}" + Sep
                   + string.Join(Sep, Layouts.Select(l => "{{isotime `" + l + "`}}")) + Sep + string.Join(Sep, Functions);
        var output = Console(line).Split(Sep);

        var now = DateTimeOffset.ParseExact(output[0][..27] + "Z", "yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture);
        var context = new TemplateContext { Now = now };
        for (var i = 0; i < Layouts.Length; i++)
            Assert.Equal(output[i + 1], GoTimeLayout.Format(Layouts[i], now));
        for (var i = 0; i < Functions.Length; i++)
            Assert.Equal(output[Layouts.Length + 1 + i], TemplateRenderer.Render(Functions[i], context));
    }

    [PackerFact]
    public void Image_names_and_variable_precedence_match_packer_build()
    {
        using var dir = new TempDir();
        dir.Write("a.json", """{"n": "from-file-a"}""");
        dir.Write("b.json", """{"n": "from-file-b"}""");
        // Packer prints the rendered ami_name ("Prevalidating AMI Name") before its first EC2 call, which fails fast
        // against a closed loopback port: no cloud is touched.
        dir.Write("t.json", """
            {"variables": {"n": "default"},
             "builders": [{"type": "amazon-ebs", "access_key": "AKIAFAKE", "secret_key": "fakefakefake", "region": "ap-northeast-1",
               "custom_endpoint_ec2": "http://127.0.0.1:1", "skip_region_validation": true, "instance_type": "t2.nano",
               "source_ami": "ami-12345678", "ssh_username": "ec2-user",
               "ami_name": "{{ \"Ab:c d,e=f+g~h[i]j'k@l.m\" | clean_resource_name }}-{{user `n`}}-{{build_name}}"}]}
            """);
        string[][] cases = [[], ["-var-file=a.json"], ["-var-file=a.json", "-var-file=b.json"], ["-var-file=b.json", "-var", "n=from-var"], ["-var", "n=first", "-var", "n=second"]];
        foreach (var args in cases)
        {
            Run("packer", ["build", .. args, "t.json"], dir.Path, out var packer);
            var name = packer.Split('\n').Single(l => l.Contains("Prevalidating AMI Name: ")).Split("Prevalidating AMI Name: ")[1].Split('\u001b')[0];
            var vars = Kiln.Cli.PackerFlags.OrderedVars(Kiln.Cli.PackerFlags.Normalize(["build", .. args]));
            var plan = Kiln.Templates.Packer.PackerTemplateReader.Read("t.json", vars, Kiln.Templates.Packer.PackerBuildFilter.None,
                TimeProvider.System, new System.Collections.Hashtable(), dir.Path);
            Assert.Equal(name, plan.Builds[0].ImageName);
        }
    }

    [PackerFact]
    public void Templates_packer_refuses_are_refused_and_the_articles_passes()
    {
        using var dir = Fixtures.CopyHoge();
        File.WriteAllText(Path.Combine(dir.Path, "parameter.json"), File.ReadAllText(Path.Combine(dir.Path, "sample_parameter.template"))
            .Replace("__ACCOUNT__", "hoge").Replace("__AMINAME__", "hoge-dev-api-base-20180301-1234").Replace("__SOURCEAMI__", "ami-0123456789abcdef0")
            .Replace("__VOLUMESIZE__", "50").Replace("__ENVIROMENT__", "dev").Replace("__GROUP__", "dev-api").Replace("__CATEGORY__", "api")
            .Replace("__PLAYBOOKDIR__", "."));
        var article = File.ReadAllText(Path.Combine(dir.Path, "packer.json"));
        (string Template, bool Valid)[] cases =
        [
            (article, true),
            (article.Replace("\"ssh_timeout\" : \"5m\",", "\"ssh_timeout\" : \"5m\", \"bogus\": 1,"), false),
            (article.Replace("\"ssh_timeout\" : \"5m\",", "\"ssh_timeout\" : \"5m\", \"ssh_port\": \"abc\","), false),
            (article.Replace("\"builders\" : [{", "\"variables\": {\"must\": null}, \"builders\" : [{"), false),
            (article.Replace("\"amazon-ebs\"", "\"amazon-ebss\""), false),
            (article.Replace("\"provisioners\" : [", "\"provisioners\" : [,"), false),
            (article.Replace("playbooks/{{user `ansible_enviroment`}}.yml", "playbooks/qa.yml"), false),
            (article.Replace("\"type\" : \"ansible\",", "\"type\" : \"ansible\", \"extra_arguments_typo\": [],"), false),
        ];
        foreach (var (template, valid) in cases)
        {
            File.WriteAllText(Path.Combine(dir.Path, "t.json"), template);
            // Packer 1.6.6's validate prints nothing on success: its exit code tells.
            Assert.Equal(valid, Run("packer", ["validate", "-var-file=parameter.json", "t.json"], dir.Path, out _) == 0);
            var kiln = Record.Exception(() => Kiln.Templates.Packer.PackerTemplateReader.Read("t.json", [new Kiln.Templates.Packer.PackerVarArg.VarFile("parameter.json")],
                Kiln.Templates.Packer.PackerBuildFilter.None, TimeProvider.System, new System.Collections.Hashtable(), dir.Path));
            Assert.Equal(valid, kiln is null);
        }
    }

    private static int Run(string file, string[] args, string cwd, out string text)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        text = output.Result + error;
        return process.ExitCode;
    }

    private static string Console(string line)
    {
        var start = new ProcessStartInfo("packer", "console") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.WriteLine(line);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(30_000);
        return output.TrimEnd('\n');
    }
}
