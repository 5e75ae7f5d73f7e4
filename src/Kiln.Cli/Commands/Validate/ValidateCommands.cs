using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Validate;

/// <summary>`kiln validate`.</summary>
public static class ValidateCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ValidateCommand>("validate")
              .WithDescription("check a Packer template (JSON or HCL2) without building (Packer's flags: -var, -var-file, -only, -except)")
              .WithExample("validate", "-var-file", "parameter.json", "packer.json");
        config.AddCommand<InspectCommand>("inspect")
              .WithDescription("print an HCL2 template's variables, locals and builds as `packer inspect` does")
              .WithExample("inspect", "-var-file", "parameter.json", "packer.pkr.hcl");
    }
}
