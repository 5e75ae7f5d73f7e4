using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Server.Auth;
using Kiln.Server.Jobs;
using Microsoft.AspNetCore.Mvc;

namespace Kiln.Server.Api;

public static class RunsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/runs", async (HttpContext ctx, RunService runs, CancellationToken ct) =>
        {
            var (query, problems) = RunQueryParser.Parse(ctx.Request.Query);
            return problems.Count > 0 ? ApiErrors.BadRequest(problems) : Results.Ok(await runs.ListAsync(query, ct));
        }).RequireAuthorization(Roles.CanView).Produces<RunListView>().Produces<ApiError>(400)
          .WithSummary("Runs, newest first, filtered by job, family, kind, outcome, since, until (ISO 8601), limit; plus the queued ones");

        api.MapGet("/runs/{id}", async (string id, RunService runs, CancellationToken ct) =>
            await runs.GetAsync(new RunId(id), ct) is { } run ? Results.Ok(run) : ApiErrors.NotFound($"no run '{id}'"))
          .RequireAuthorization(Roles.CanView).Produces<RunView>().Produces<ApiError>(404)
          .WithSummary("One run: steps with durations, resources with their cleanup state, image, lineage");

        api.MapGet("/runs/{id}/log", async (string id, long? after, int? limit, IRunStore store, RunService runs, CancellationToken ct) =>
        {
            if (limit is < 1 or > 5000) return ApiErrors.BadRequest(["limit: use a whole number from 1 to 5000"]);
            var run = await runs.GetAsync(new RunId(id), ct);
            if (run is null) return ApiErrors.NotFound($"no run '{id}'");
            var lines = await store.GetLogAsync(new RunId(id), after ?? 0, limit ?? 1000, ct);
            return Results.Ok(new LogPageView(lines.Select(ToView).ToList(), lines.Count > 0 ? lines[^1].Seq : after ?? 0,
                run.Run.Outcome is not ("running" or "queued")));
        }).RequireAuthorization(Roles.CanView).Produces<LogPageView>().Produces<ApiError>(404)
          .WithSummary("A page of the run's log after sequence number `after`");

        api.MapGet("/runs/{id}/log/stream", async (string id, long? after, HttpContext ctx, IRunStore store, RunService runs, TimeProvider clock, CancellationToken ct) =>
        {
            if (await runs.GetAsync(new RunId(id), ct) is null) return ApiErrors.NotFound($"no run '{id}'");
            var from = long.TryParse(ctx.Request.Headers["Last-Event-ID"], out var last) ? last : after ?? 0;
            return TypedResults.ServerSentEvents(Stream(new RunId(id), from, store, runs, clock, ct));
        }).RequireAuthorization(Roles.CanView).Produces<ApiError>(404)
          .WithSummary("The run's log as server-sent events (`line` events, then one `end` event with the outcome) while it runs");

        api.MapPost("/runs/{id}/cancel", async (string id, HttpContext ctx, RunService runs, CancellationToken ct) =>
            await runs.CancelAsync(new RunId(id), Principals.Name(ctx.User), ct) switch
            {
                RunService.CancelResult.NotFound => ApiErrors.NotFound($"no run '{id}'"),
                RunService.CancelResult.AlreadyFinished => ApiErrors.Conflict($"run '{id}' has finished already"),
                RunService.CancelResult.Withdrawn => Results.Json(new CancelView(id, "cancelled"), statusCode: 202),
                _ => Results.Json(new CancelView(id, "cancelling"), statusCode: 202),
            }).RequireAuthorization(Roles.CanOperate).AddEndpointFilter<CsrfFilter>()
          .Produces<CancelView>(202).Produces<ApiError>(404).Produces<ApiError>(409)
          .WithSummary("Cancels a run: a queued one at once, a running one on whichever worker runs it (its cleanup still runs)");

        api.MapDelete("/runs/{id}", async (string id, RunService runs, CancellationToken ct) =>
            await runs.DeleteAsync(new RunId(id), ct) switch
            {
                RunService.DeleteResult.NotFound => ApiErrors.NotFound($"no run '{id}'"),
                RunService.DeleteResult.StillRunning => ApiErrors.Conflict($"run '{id}' has not finished; cancel it first"),
                RunService.DeleteResult.HasLiveResources => ApiErrors.Conflict($"run '{id}' still lists live resources; run `kiln gc` first"),
                _ => Results.NoContent(),
            }).RequireAuthorization(Roles.CanOperate).AddEndpointFilter<CsrfFilter>()
          .Produces(204).Produces<ApiError>(404).Produces<ApiError>(409)
          .WithSummary("Deletes a finished run's record and log");
    }

    private static LogLineView ToView(LogLine l) => new(l.Seq, l.Time, l.Stream, l.Text);

    /// <summary>Polls the history (every worker writes there), so the stream works whichever worker runs the job.</summary>
    private static async IAsyncEnumerable<SseItem<object>> Stream(RunId id, long after, IRunStore store, RunService runs,
        TimeProvider clock, [EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var lines = await store.GetLogAsync(id, after, 500, ct);
            foreach (var line in lines)
            {
                after = line.Seq;
                yield return new SseItem<object>(ToView(line), "line") { EventId = line.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            if (lines.Count > 0) continue;
            var run = await runs.GetAsync(id, ct);
            if (run is null || run.Run.Outcome is not ("running" or "queued"))
            {
                // The log is complete before the outcome is written: one more read drains it.
                foreach (var line in await store.GetLogAsync(id, after, 5000, ct))
                    yield return new SseItem<object>(ToView(line), "line") { EventId = line.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                yield return new SseItem<object>(new { outcome = run?.Run.Outcome ?? "deleted", error = run?.Run.Error }, "end");
                yield break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), clock, ct);
        }
    }
}
