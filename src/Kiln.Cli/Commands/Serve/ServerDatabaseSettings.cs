using System.ComponentModel;
using Kiln.Core;
using Kiln.History;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Serve;

/// <summary>`--db` as `kiln serve` takes it: the users and tokens live beside the run history.</summary>
public class ServerDatabaseSettings : CommandSettings
{
    [CommandOption("--db <DB>")]
    [Description("sqlite:PATH (default: the history under KILN_HOME) or postgres://user:password@host:port/database")]
    public string? Db { get; init; }

    /// <summary>Opens and migrates the history first: its migrations create the users and tokens tables.</summary>
    public async Task<Accounts> OpenAccountsAsync(CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        await using (await RunStoreFactory.OpenAsync(Db, paths, ct)) { }
        var db = new ServerDatabase(DatabaseLocation.Parse(Db, paths));
        return new Accounts(new UserStore(db, TimeProvider.System), TimeProvider.System);
    }
}
