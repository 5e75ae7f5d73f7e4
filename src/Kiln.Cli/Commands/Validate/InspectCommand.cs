using System.ComponentModel;
using Kiln.Core;
using Kiln.Templates.Packer.Hcl;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Validate;

/// <summary>`kiln inspect [-var K=V]... [-var-file F]... TARGET`: an HCL2 template's variables, locals and builds,
/// as `packer inspect` prints them; sensitive values print as &lt;sensitive&gt;. Problems exit 2.</summary>
public sealed class InspectCommand : Command<InspectCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TEMPLATE>")]
        [Description("an HCL2 template: *.pkr.hcl, *.pkr.json or a directory")]
        public string Template { get; init; } = "";

        [CommandOption("--var <NAME=VALUE>")]
        [Description("set a variable (also -var)")]
        public string[]? Vars { get; init; }

        [CommandOption("--var-file <FILE>")]
        [Description("a file of variable values, HCL or JSON by extension (also -var-file)")]
        public string[]? VarFiles { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!PackerHclReader.IsHclTarget(settings.Template))
            throw new KilnInputException($"'{settings.Template}' is a JSON template: kiln inspect reads HCL2 templates (*.pkr.hcl, *.pkr.json or a directory); `kiln validate` checks a JSON one");
        Console.Write(PackerHclReader.Inspect(settings.Template, PackerFlags.OrderedVars(context.Arguments),
            TimeProvider.System, Environment.GetEnvironmentVariables()));
        return ExitCodes.Ok;
    }
}
