using Dapper;
using Kiln.Server.Database;
using Kiln.Server.Jobs;

namespace Kiln.Server.Api;

public static class HealthApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/health", async (ServerDatabase db, WorkerIdentity worker, CancellationToken ct) =>
        {
            try
            {
                await using var c = await db.OpenAsync(ct);
                await c.ExecuteScalarAsync<int>("SELECT 1");
                return Results.Ok(new HealthView("ok", worker.Id, db.Kind.ToString().ToLowerInvariant(), Version()));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Json(new HealthView("database unreachable", worker.Id, db.Kind.ToString().ToLowerInvariant(), Version()), statusCode: 503);
            }
        }).AllowAnonymous().Produces<HealthView>().Produces<HealthView>(503).WithSummary("Liveness and database reachability (no login needed)");

    private static string Version() => typeof(HealthApi).Assembly.GetName().Version?.ToString(3) ?? "?";
}
