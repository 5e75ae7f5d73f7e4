using System.Reflection;
using System.Text.RegularExpressions;

namespace Kiln.History;

internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>The numbered scripts under Migrations/, embedded in this assembly: `NNN_name.sql` for both dialects,
/// `NNN_name.sqlite.sql` / `NNN_name.postgres.sql` where one dialect needs its own (or only one needs it).</summary>
internal static partial class MigrationCatalog
{
    private const string Prefix = "Kiln.History.Migrations.";

    public static IReadOnlyList<Migration> For(SqlDialect dialect)
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        return [.. Select(Names(), dialect).Select(s => new Migration(s.Version, s.Name, Read(assembly, Prefix + s.File)))];
    }

    /// <summary>The newest version of the dialect's schema (the scripts' names only; none is read).</summary>
    public static int Latest(SqlDialect dialect) => Select(Names(), dialect).Max(s => s.Version);

    private static IEnumerable<string> Names() => typeof(MigrationCatalog).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]);

    /// <summary>Per version, the dialect's own script wins over the shared one; versions with neither are skipped.</summary>
    internal static IReadOnlyList<(int Version, string Name, string File)> Select(IEnumerable<string> files, SqlDialect dialect)
    {
        var wanted = dialect.ToString().ToLowerInvariant();
        var parsed = files.Select(f => (File: f, Match: FileName().Match(f))).Where(p => p.Match.Success).Select(p => (
            p.File, Version: int.Parse(p.Match.Groups["version"].Value), Name: p.Match.Groups["name"].Value,
            Dialect: p.Match.Groups["dialect"].Success ? p.Match.Groups["dialect"].Value : null)).ToList();
        var result = new List<(int, string, string)>();
        foreach (var version in parsed.GroupBy(p => p.Version).OrderBy(g => g.Key))
        {
            if (version.Select(p => p.Name).Distinct().Count() > 1)
                throw new InvalidOperationException($"migration {version.Key} has two names: {string.Join(", ", version.Select(p => p.File))}");
            var pick = version.FirstOrDefault(p => p.Dialect == wanted);
            if (pick.File is null) pick = version.FirstOrDefault(p => p.Dialect is null);
            if (pick.File is not null) result.Add((pick.Version, pick.Name, pick.File));
        }
        return result;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{3})_(?<name>[a-z0-9_]+)(\.(?<dialect>sqlite|postgres))?\.sql$")]
    private static partial Regex FileName();
}
