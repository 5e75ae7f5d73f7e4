using Kiln.Cli.Commands.Runs;
using Kiln.Core;
using Kiln.Server.Auth;
using Kiln.Server.Database;

namespace Kiln.Cli.Commands.Serve;

/// <summary>`--db` as `kiln serve` takes it (else KILN_DB, else the history under KILN_HOME): the users and tokens
/// live beside the run history.</summary>
public class ServerDatabaseSettings : HistorySettings
{
    public string? EffectiveDb => Db ?? Environment.GetEnvironmentVariable(Variable);

    public DatabaseLocation Location() => DatabaseLocation.Parse(EffectiveDb, KilnPaths.FromEnvironment());

    /// <summary>Opens and migrates the history first: its migrations create the users and tokens tables.</summary>
    public async Task<Accounts> OpenAccountsAsync(CancellationToken ct)
    {
        await using (await OpenHistoryAsync(ct)) { }
        return new Accounts(new UserStore(new ServerDatabase(Location()), TimeProvider.System), TimeProvider.System);
    }
}
