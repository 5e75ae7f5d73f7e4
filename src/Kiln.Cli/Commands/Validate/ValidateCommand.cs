using System.ComponentModel;
using Kiln.Templates.Packer;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Validate;

/// <summary>`kiln validate [-var K=V]... [-var-file F]... [-only A,B] [-except C] TEMPLATE.json`: checks a Packer
/// template as `kiln build` would read it, without building anything. Problems exit 2.</summary>
public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TEMPLATE>")]
        [Description("a Packer template: JSON, *.pkr.hcl, *.pkr.json or a directory of HCL2 files")]
        public string Template { get; init; } = "";

        [CommandOption("--var <NAME=VALUE>")]
        [Description("set a user variable (also -var); later -var/-var-file arguments win")]
        public string[]? Vars { get; init; }

        [CommandOption("--var-file <FILE>")]
        [Description("a JSON file of user variables (also -var-file)")]
        public string[]? VarFiles { get; init; }

        [CommandOption("--only <NAMES>")]
        [Description("validate only these builders (comma-separated)")]
        public string[]? Only { get; init; }

        [CommandOption("--except <NAMES>")]
        [Description("validate all builders but these (comma-separated)")]
        public string[]? Except { get; init; }

        [CommandOption("--syntax-only")]
        [Description("check only that the file is valid JSON")]
        public bool SyntaxOnly { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.SyntaxOnly)
        {
            if (Kiln.Templates.Packer.Hcl.PackerHclReader.IsHclTarget(settings.Template)) Kiln.Templates.Packer.Hcl.PackerHclReader.CheckSyntax(settings.Template);
            else PackerTemplateReader.CheckSyntax(settings.Template);
            Console.WriteLine("Syntax-only check passed. Everything looks okay.");
            return ExitCodes.Ok;
        }
        var plan = PackerTemplates.Read(settings.Template, PackerFlags.OrderedVars(context.Arguments),
            new PackerBuildFilter(PackerFlags.Names(settings.Only), PackerFlags.Names(settings.Except)),
            TimeProvider.System, Environment.GetEnvironmentVariables());
        foreach (var warning in plan.Warnings) Console.Error.WriteLine($"kiln: warning: {warning}");
        Console.WriteLine("Template validated successfully.");
        return ExitCodes.Ok;
    }
}
