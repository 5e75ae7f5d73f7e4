using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Build;

public static class BuildCommands
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<BuildCommand>("build").WithDescription("run a Packer template (JSON or HCL2) unchanged on Kiln's bake engine")
            .WithExample("build", "-var-file", "parameter.json", "packer.json");
}
