using System.Xml.Linq;
using Dapper;
using Kiln.Server.Database;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Kiln.Server.Auth;

/// <summary>A PostgreSQL cluster's Data Protection keys, in its database: a cookie made by one worker is read by
/// every other worker of the cluster, and by no other installation. (The interface is synchronous.)</summary>
public sealed class DatabaseKeyRepository(ServerDatabase db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return [.. c.Query<string>("SELECT xml FROM kiln_data_protection_keys ORDER BY name").Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var c = db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        c.Execute("INSERT INTO kiln_data_protection_keys (name, xml) VALUES (@friendlyName, @xml) ON CONFLICT (name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
