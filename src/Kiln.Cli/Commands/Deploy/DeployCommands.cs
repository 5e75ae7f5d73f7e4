using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Deploy;

/// <summary>`kiln deploy`, `kiln rollback`.</summary>
public static class DeployCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<DeployCommand>("deploy").WithDescription("roll a family's image out to an Auto Scaling group: blue/green (default) or rolling")
            .WithExample("deploy", "hoge", "dev", "api", "--group", "web", "--create", "--target-group", "web:8080", "--capacity", "2")
            .WithExample("deploy", "hoge", "dev", "api", "--group", "web");
        config.AddCommand<RollbackCommand>("rollback").WithDescription("put the previous group (or launch template version) back in service");
    }
}
