using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

/// <summary>`kiln local-cloud init|serve|status|env|remove`.</summary>
public static class LocalCloudCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("local-cloud", branch =>
        {
            branch.SetDescription("the embedded EC2-compatible cloud on loopback, backed by podman");
            branch.AddCommand<LocalCloudInitCommand>("init")
                .WithDescription("build the base image (once per machine) and register it; issue the access key");
            branch.AddCommand<LocalCloudServeCommand>("serve")
                .WithDescription("run the EC2 endpoint in the foreground until Ctrl-C");
            branch.AddCommand<LocalCloudStatusCommand>("status")
                .WithDescription("where the endpoint listens and what the local cloud holds");
            branch.AddCommand<LocalCloudEnvCommand>("env")
                .WithDescription("print the environment variables an AWS client needs (includes the local secret key)");
            branch.AddCommand<LocalCloudRemoveCommand>("remove")
                .WithDescription("remove this KILN_HOME's local cloud: its containers, its images in podman, its state (--yes)");
        });
    }
}
