using Kiln.Core;
using Kiln.Server.Auth;
using Kiln.Server.Jobs;
using Quartz;

namespace Kiln.Server.Api;

public static class JobsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/jobs", async (IJobCatalog catalog, ISchedulerFactory schedulers, CancellationToken ct) =>
            TypedResults.Ok(await JobViews.ListAsync(catalog, schedulers, ct))
        ).RequireAuthorization(Roles.CanView).WithSummary("The jobs declared in kiln.yml, with their next scheduled start");

        api.MapPost("/jobs/{name}/runs", async (string name, HttpContext ctx, RunQueue queue, CancellationToken ct) =>
        {
            try
            {
                var started = await queue.StartAsync(name, Principals.Name(ctx.User), "api", null, null, ct);
                return Results.Json(new StartedView(started.Run.Value, started.Queued, $"/api/v1/runs/{started.Run}"), statusCode: 202);
            }
            catch (KilnInputException e) { return ApiErrors.NotFound(string.Join("; ", e.Problems)); }
            catch (RunRefusedException e) { return ApiErrors.Conflict(e.Message); }
        }).RequireAuthorization(Roles.CanOperate).AddEndpointFilter<CsrfFilter>()
          .Produces<StartedView>(202).Produces<ApiError>(404).Produces<ApiError>(409)
          .WithSummary("Starts a job: 202 with the run id (queued when its family is busy), 409 when the job refuses to queue");
    }
}
