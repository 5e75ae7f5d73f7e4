using Kiln.Server.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kiln.Server.Auth;

/// <summary>The Data Protection keys that sign session and antiforgery cookies belong to this installation: under
/// KILN_HOME for SQLite, in the shared database for a PostgreSQL cluster, and named by the installation's id. ASP.NET's
/// default (~/.aspnet, named by the content root) would let every server of one OS user read the others' cookies.</summary>
public static class KeyRing
{
    public static IServiceCollection AddKilnKeyRing(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<Installation>();
        services.AddDataProtection();
        services.AddSingleton<IConfigureOptions<DataProtectionOptions>>(sp => new ConfigureOptions<DataProtectionOptions>(o =>
            o.ApplicationDiscriminator = "kiln-" + sp.GetRequiredService<Installation>().Id));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = options.Database.Kind == DatabaseKind.Postgres
                ? new DatabaseKeyRepository(sp.GetRequiredService<ServerDatabase>())
                : new FileKeyRepository(options.KeyDirectory ?? DefaultDirectory(options.Database))));
        return services;
    }

    private static string DefaultDirectory(DatabaseLocation db) =>
        Path.Combine(Path.GetDirectoryName(db.Display["sqlite:".Length..]) ?? ".", "server-keys");
}
