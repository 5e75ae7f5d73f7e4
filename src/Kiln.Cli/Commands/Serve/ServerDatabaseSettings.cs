using System.ComponentModel;
using Kiln.Core;
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

    public async Task<Accounts> OpenAccountsAsync(CancellationToken ct)
    {
        var db = new ServerDatabase(DatabaseLocation.Parse(Db, KilnPaths.FromEnvironment()));
        if (db.Kind == DatabaseKind.Sqlite) Directory.CreateDirectory(Path.GetDirectoryName(db.Location.Display["sqlite:".Length..])!);
        await ServerMigrations.ApplyAsync(db, ct);
        return new Accounts(new UserStore(db, TimeProvider.System), TimeProvider.System);
    }
}
