using Kiln.Core;
using Kiln.Server.Auth;
using Kiln.Server.Jobs;
using Quartz;

namespace Kiln.Server.Api;

public static class JobsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/jobs", async (IJobCatalog catalog, ISchedulerFactory schedulers, Kiln.Core.Runs.IRunStore store, CancellationToken ct) =>
            TypedResults.Ok(await JobViews.ListAsync(catalog, schedulers, store, ct))
        ).RequireAuthorization(Roles.CanView)
         .WithSummary("The jobs declared in kiln.yml: next scheduled start, options, retries, time-out, and success rate and median duration over the last 30 runs");

        api.MapPost("/jobs/{name}/runs", async (string name, HttpContext ctx, RunQueue queue, CancellationToken ct) =>
        {
            IReadOnlyDictionary<string, string>? options = null;
            if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
            {
                var (body, error) = await RequestBody.ReadAsync<StartBody>(ctx);
                if (error is not null) return error;
                options = body!.Options;
            }
            var trigger = ctx.Request.Headers["X-Kiln-Client"] == "cli" ? "cli" : "api";
            try
            {
                var started = await queue.StartAsync(new StartRequest(name, Principals.Name(ctx.User), trigger, Options: options), ct);
                return Results.Json(new StartedView(started.Run.Value, started.Queued, $"/api/v1/runs/{started.Run}"), statusCode: 202);
            }
            catch (OptionsRejectedException e) { return ApiErrors.BadRequest(e.Problems); }
            catch (KilnInputException e) { return ApiErrors.NotFound(string.Join("; ", e.Problems)); }
            catch (RunRefusedException e) { return ApiErrors.Conflict(e.Message); }
        }).RequireAuthorization(Roles.CanOperate).AddEndpointFilter<CsrfFilter>().Accepts<StartBody>("application/json")
          .Produces<StartedView>(202).Produces<ApiError>(400).Produces<ApiError>(404).Produces<ApiError>(409)
          .WithSummary("Starts a job with its options ({\"options\": {\"env\": \"stg\"}}, optional): 202 with the run id (queued when its family is busy), 400 listing every bad option, 409 when the job refuses to queue");
    }
}
