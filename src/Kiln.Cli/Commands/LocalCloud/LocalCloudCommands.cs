using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

/// <summary>`kiln local-cloud init|serve|status|env`.</summary>
public static class LocalCloudCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("local-cloud", branch =>
        {
            branch.SetDescription("the embedded EC2-compatible cloud on loopback, backed by podman");
        });
    }
}
