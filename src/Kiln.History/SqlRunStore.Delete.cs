using Dapper;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.History;

public abstract partial class SqlRunStore
{
    /// <summary>Deletes one finished run; its steps, resources and log go with it (ON DELETE CASCADE). A running run is
    /// left alone: it is still writing its record.</summary>
    public async Task<bool> DeleteRunAsync(RunId run, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM runs WHERE id = @run AND outcome <> @running", new { run = run.Value, running = nameof(RunOutcome.Running), ct }) == 1;
    }
}
