using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Validate;

/// <summary>`kiln validate`.</summary>
public static class ValidateCommands
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<ValidateCommand>("validate")
              .WithDescription("check a Packer JSON template without building (Packer's flags: -var, -var-file, -only, -except)")
              .WithExample("validate", "-var-file", "parameter.json", "packer.json");
}
