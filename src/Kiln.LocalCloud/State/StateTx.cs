using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Kiln.LocalCloud.State;

/// <summary>Typed access to the object rows inside one transaction.</summary>
public sealed class StateTx(SqliteConnection connection, SqliteTransaction transaction)
{
    public T? Get<T>(string id) where T : class, IStateObject<T> =>
        connection.QuerySingleOrDefault<string>("SELECT json FROM objects WHERE kind = @Kind AND id = @id",
            new { T.Kind, id }, transaction) is { } json ? Decode<T>(json) : null;

    public T? ByName<T>(string name) where T : class, IStateObject<T> =>
        connection.QueryFirstOrDefault<string>("SELECT json FROM objects WHERE kind = @Kind AND name = @name",
            new { T.Kind, name }, transaction) is { } json ? Decode<T>(json) : null;

    /// <summary>All objects of a kind, optionally narrowed in SQL to ids or to names matching SQLite GLOB patterns
    /// (the name index serves prefix patterns, so a name filter never decodes every row).</summary>
    public IReadOnlyList<T> All<T>(IReadOnlyCollection<string>? ids = null, IReadOnlyCollection<string>? nameGlobs = null)
        where T : class, IStateObject<T>
    {
        var sql = "SELECT json FROM objects WHERE kind = @Kind";
        var args = new DynamicParameters();
        args.Add("Kind", T.Kind);
        if (ids is { Count: > 0 })
        {
            sql += " AND id IN @ids";
            args.Add("ids", ids);
        }
        if (nameGlobs is { Count: > 0 })
        {
            var clauses = nameGlobs.Select((g, i) => { args.Add($"g{i}", g); return $"name GLOB @g{i}"; });
            sql += $" AND ({string.Join(" OR ", clauses)})";
        }
        sql += " ORDER BY created, id";
        return connection.Query<string>(sql, args, transaction).Select(Decode<T>).ToList();
    }

    public int Count<T>() where T : class, IStateObject<T> =>
        connection.ExecuteScalar<int>("SELECT count(*) FROM objects WHERE kind = @Kind", new { T.Kind }, transaction);

    public void Put<T>(T value) where T : class, IStateObject<T> =>
        connection.Execute(
            "INSERT INTO objects(kind, id, name, created, json) VALUES (@Kind, @Id, @Name, @Created, @Json) " +
            "ON CONFLICT(kind, id) DO UPDATE SET name = excluded.name, json = excluded.json",
            new
            {
                T.Kind, value.Id, value.Name,
                Created = value.Created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                Json = JsonSerializer.Serialize(value, TypeInfo<T>()),
            }, transaction);

    public bool Delete<T>(string id) where T : class, IStateObject<T> =>
        connection.Execute("DELETE FROM objects WHERE kind = @Kind AND id = @id", new { T.Kind, id }, transaction) > 0;

    /// <summary>Removes the objects of a kind made before a moment (rows store UTC round-trip times, which sort as text).</summary>
    public int DeleteCreatedBefore<T>(DateTimeOffset cutoff) where T : class, IStateObject<T> =>
        connection.Execute("DELETE FROM objects WHERE kind = @Kind AND created < @cutoff",
            new { T.Kind, cutoff = cutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) }, transaction);

    private static T Decode<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>())!;

    /// <summary>The context's options throw, naming the type, for a kind missing from <see cref="StateJson"/>.</summary>
    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)StateJson.Default.Options.GetTypeInfo(typeof(T));
}
