using System.Text;
using Dapper;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.History;

public abstract partial class SqlRunStore
{
    /// <summary>Caps one page of a listing: a query is for a screen or an API page, not an export.</summary>
    public const int MaxLimit = 10_000;

    public async Task<RunDetails?> GetRunAsync(RunId run, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<RunRow>(
            $"SELECT {RunRow.Columns} FROM runs WHERE id = @run", new { run = run.Value, ct });
        if (row is null) return null;
        var steps = await c.QueryAsync<StepRow>("""
            SELECT name AS Name, started AS Started, duration_ms AS DurationMs, outcome AS Outcome, error AS Error
            FROM steps WHERE run = @run ORDER BY started, name
            """, new { run = run.Value, ct });
        var resources = await c.QueryAsync<ResourceRow>("""
            SELECT kind AS Kind, id AS Id, state AS State, created AS Created FROM resources WHERE run = @run ORDER BY created, kind, id
            """, new { run = run.Value, ct });
        return new RunDetails(row.ToSummary(), [.. steps.Select(s => s.ToRecord())], [.. resources.Select(r => r.ToRecord())], row.ResultJson);
    }

    /// <summary>Newest first. Only the filters given make it into the SQL, so each query can use its index.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery query, CancellationToken ct)
    {
        if (query.Limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"the limit must be between 1 and {MaxLimit}");
        var sql = new StringBuilder($"SELECT {RunRow.Columns} FROM runs WHERE 1 = 1");
        if (query.Family is not null) sql.Append(" AND family = @Family");
        if (query.Outcome is not null) sql.Append(" AND outcome = @outcome");
        if (query.Kind is not null) sql.Append(" AND kind = @Kind");
        if (query.Job is not null) sql.Append(" AND job = @Job");
        if (query.Since is not null) sql.Append(" AND started >= @since");
        if (query.Until is not null) sql.Append(" AND started < @until");
        // Named one by one: a template object would make Dapper read it by reflection at run time.
        var parameters = new DynamicParameters();
        parameters.Add("Family", query.Family);
        parameters.Add("outcome", query.Outcome?.ToString());
        parameters.Add("Kind", query.Kind);
        parameters.Add("Job", query.Job);
        parameters.Add("since", query.Since?.ToUnixTimeMilliseconds());
        parameters.Add("until", query.Until?.ToUnixTimeMilliseconds());
        parameters.Add("Limit", query.Limit);
        var i = 0;
        foreach (var (name, value) in query.Options ?? new Dictionary<string, string>())
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM run_options o WHERE o.run = runs.id AND o.name = @on{i} AND o.value = @ov{i})");
            parameters.Add($"on{i}", name);
            parameters.Add($"ov{i++}", value);
        }
        sql.Append(" ORDER BY started DESC, id DESC LIMIT @Limit");
        await using var c = await OpenAsync(ct);
        ct.ThrowIfCancellationRequested();
        var rows = await c.QueryAsync<RunRow>(sql.ToString(), parameters);
        return [.. rows.Select(r => r.ToSummary())];
    }

    public async Task<IReadOnlyList<LogLine>> GetLogAsync(RunId run, long afterSeq, int limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"the limit must be between 1 and {MaxLimit}");
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<LogRow>("""
            SELECT seq AS Seq, time AS Time, stream AS Stream, text AS Text FROM log
            WHERE run = @run AND seq > @afterSeq ORDER BY seq LIMIT @limit
            """, new { run = run.Value, afterSeq, limit, ct });
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<IReadOnlyList<RunSummary>> ListUnfinishedRunsAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<RunRow>(
            $"SELECT {RunRow.Columns} FROM runs WHERE outcome = @running ORDER BY started, id", new { running = nameof(RunOutcome.Running), ct });
        return [.. rows.Select(r => r.ToSummary())];
    }

    /// <summary>Keeps runs that still have live resources, whatever their age: their record is what `kiln gc`
    /// needs to find and remove them. Steps, resources and log go with their run (ON DELETE CASCADE).</summary>
    public async Task<int> DeleteRunsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync("""
            DELETE FROM runs WHERE outcome <> @running AND finished < @cutoff
              AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.run = runs.id AND r.state = @live)
            """, new { running = nameof(RunOutcome.Running), cutoff = cutoff.ToUnixTimeMilliseconds(), live = nameof(CleanupState.Live), ct });
    }
}
