using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Serve;

/// <summary>`kiln serve`, `kiln run JOB --server URL`, `kiln users add|list|set|unlock`, `kiln tokens create`.</summary>
public static class ServeCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ServeCommand>("serve")
            .WithDescription("the job server: web UI and HTTP API, queued and scheduled jobs from kiln.yml, shared history");
        config.AddCommand<RunCommand>("run")
            .WithDescription("start a job on a kiln server, stream its log; exit code from its outcome");
        config.AddBranch("users", branch =>
        {
            branch.SetDescription("users of kiln serve (viewer, operator, admin)");
            branch.AddCommand<UsersAddCommand>("add").WithDescription("add a user; the password is read from stdin or prompted");
            branch.AddCommand<UsersListCommand>("list").WithDescription("list users and their roles");
            branch.AddCommand<UsersSetCommand>("set").WithDescription("change a user's role or password; ends their web sessions");
            branch.AddCommand<UsersUnlockCommand>("unlock").WithDescription("clear a user's (or an address's) failed logins");
        });
        config.AddBranch("tokens", branch =>
        {
            branch.SetDescription("API tokens for kiln serve (only their hash is stored)");
            branch.AddCommand<TokensCreateCommand>("create").WithDescription("create a token for a user; printed once");
        });
    }
}
