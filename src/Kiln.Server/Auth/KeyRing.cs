using System.Security.Cryptography;
using System.Text;
using Kiln.Server.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kiln.Server.Auth;

/// <summary>The Data Protection keys that sign session and antiforgery cookies belong to this installation: under
/// KILN_HOME for SQLite, in the shared database for a PostgreSQL cluster, and the application is named after the
/// installation's database. ASP.NET's default (~/.aspnet, named by the content root) would let every server of one OS
/// user read the others' cookies.</summary>
public static class KeyRing
{
    public static IServiceCollection AddKilnKeyRing(this IServiceCollection services, ServerOptions options)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName(options.Database));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = options.Database.Kind == DatabaseKind.Postgres
                ? new DatabaseKeyRepository(sp.GetRequiredService<ServerDatabase>())
                : new FileKeyRepository(options.KeyDirectory ?? DefaultDirectory(options.Database))));
        return services;
    }

    /// <summary>`kiln-` and a hash of where the database is (file path; or host, port, database and schema): the same for
    /// every worker of one cluster, different for any other installation.</summary>
    public static string ApplicationName(DatabaseLocation db)
    {
        var where = db.Kind == DatabaseKind.Sqlite ? Path.GetFullPath(db.Display["sqlite:".Length..])
            : new NpgsqlConnectionStringBuilder(db.ConnectionString) is var b ? $"{b.Host}:{b.Port}/{b.Database}/{b.SearchPath}" : "";
        return "kiln-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(where)))[..16].ToLowerInvariant();
    }

    private static string DefaultDirectory(DatabaseLocation db) =>
        Path.Combine(Path.GetDirectoryName(db.Display["sqlite:".Length..]) ?? ".", "server-keys");
}
