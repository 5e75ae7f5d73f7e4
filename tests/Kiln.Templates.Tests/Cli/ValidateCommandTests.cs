using Kiln.Cli;
using Kiln.Cli.Commands.Validate;
using Kiln.Templates.Packer;
using Spectre.Console.Cli;

namespace Kiln.Templates.Tests.Cli;

[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection;

/// <summary>`kiln validate` as the command line reaches it: Packer's one-dash flags, exit codes, messages.</summary>
[Collection("console")]
public class ValidateCommandTests
{
    private static (int Code, string Out, string Err) Run(string cwd, params string[] args)
    {
        var app = new CommandApp();
        app.Configure(c => { c.PropagateExceptions(); ValidateCommands.Register(c); });
        var (oldOut, oldErr, oldDir) = (Console.Out, Console.Error, Directory.GetCurrentDirectory());
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Directory.SetCurrentDirectory(cwd);
        try { return (ExitCodes.RunAsync(() => app.RunAsync(PackerFlags.Normalize(args))).GetAwaiter().GetResult(), stdout.ToString(), stderr.ToString()); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Directory.SetCurrentDirectory(oldDir);
        }
    }

    private static TempDir Article()
    {
        var dir = Fixtures.CopyHoge();
        File.WriteAllText(Path.Combine(dir.Path, "parameter.json"), File.ReadAllText(Path.Combine(dir.Path, "sample_parameter.template"))
            .Replace("__ACCOUNT__", "hoge").Replace("__AMINAME__", "hoge-dev-api-base-20180301-1234").Replace("__SOURCEAMI__", "ami-0123456789abcdef0")
            .Replace("__VOLUMESIZE__", "50").Replace("__ENVIROMENT__", "dev").Replace("__GROUP__", "dev-api").Replace("__CATEGORY__", "api")
            .Replace("__PLAYBOOKDIR__", "."));
        return dir;
    }

    [Theory]
    [InlineData("validate", "-var-file", "parameter.json", "packer.json")]
    [InlineData("validate", "--var-file", "parameter.json", "packer.json")]
    [InlineData("validate", "-var-file=parameter.json", "packer.json")]
    [InlineData("validate", "-var-file", "parameter.json", "-only", "amazon-ebs", "packer.json")]
    public void The_articles_template_validates_with_either_spelling(params string[] args)
    {
        using var dir = Article();
        var (code, stdout, stderr) = Run(dir.Path, args);
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal("Template validated successfully.", stdout.Trim());
    }

    [Fact]
    public void Problems_are_printed_and_exit_2()
    {
        using var dir = Article();
        var (code, stdout, stderr) = Run(dir.Path, "validate", "-var-file", "parameter.json", "-var", "ansible_enviroment=qa", "packer.json");
        Assert.Equal(2, code);
        Assert.DoesNotContain("validated", stdout);
        Assert.Contains("kiln: packer.json:30:27: provisioners[0].playbook_file: playbook_file './playbooks/qa.yml' does not exist", stderr);
    }

    [Fact]
    public void A_later_var_file_overrides_an_earlier_var()
    {
        using var dir = Article();
        var (code, _, stderr) = Run(dir.Path, "validate", "-var", "ansible_enviroment=qa", "-var-file", "parameter.json", "packer.json");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
    }

    [Fact]
    public void A_syntax_error_is_shown_with_its_line()
    {
        using var dir = new TempDir();
        dir.Write("t.json", "{\n  \"builders\": [\n}\n");
        var (code, _, stderr) = Run(dir.Path, "validate", "-syntax-only", "t.json");
        Assert.Equal(2, code);
        Assert.StartsWith("kiln: t.json:3:1: JSON syntax error:", stderr);
    }

    [Theory]
    [InlineData(new[] { "build", "-var", "a=b", "-var-file=x.json", "-only=x", "-machine-readable", "t.json" },
                new[] { "build", "--var", "a=b", "--var-file=x.json", "--only=x", "--machine-readable", "t.json" })]
    [InlineData(new[] { "validate", "--var", "a=-var", "-v", "t.json" }, new[] { "validate", "--var", "a=-var", "-v", "t.json" })]
    [InlineData(new[] { "bake", "-only", "x" }, new[] { "bake", "-only", "x" })]
    public void Packer_flags_are_normalised_for_packer_commands_only(string[] args, string[] expected) =>
        Assert.Equal(expected, PackerFlags.Normalize(args));

    [Fact]
    public void Vars_and_var_files_keep_their_command_line_order() =>
        Assert.Equal(
            [new PackerVarArg.Var("a", "1=2"), new PackerVarArg.VarFile("p.json"), new PackerVarArg.Var("a", "3")],
            PackerFlags.OrderedVars(["validate", "--var", "a=1=2", "--var-file=p.json", "--var=a=3", "t.json"]));
}
