using System.Text.Json;
using Kiln.Core;
using Kiln.Server.Api;
using Kiln.Server.Auth;
using Kiln.Server.Jobs;

namespace Kiln.Server.Hooks;

/// <summary>`POST /api/v1/hooks/git`: a push webhook of GitHub, GitLab or Gitea starts every bake job whose `repo`
/// and `ref` name what was pushed, so a merge to main bakes. Who may send it: <see cref="HookAuth"/>.</summary>
public static class GitHooksApi
{
    public sealed record StartedByPush(string Job, string Run, bool Queued);
    public sealed record PushView(string Ref, string? Commit, IReadOnlyList<StartedByPush> Started);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/hooks/git", async (HttpContext ctx, IJobCatalog catalog, RunQueue queue, UserStore users, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ct);
            var body = buffer.ToArray();
            var user = await HookAuth.UserAsync(ctx, body, users, Environment.GetEnvironmentVariable(HookAuth.SecretVariable), ct);
            if (user is null)
                return Results.Json(new ApiError("a push hook needs an operator's API token (Authorization: Bearer, or X-Gitlab-Token) or a signature with KILN_HOOK_SECRET"), statusCode: 401);
            PushEvent? push;
            try
            {
                using var doc = JsonDocument.Parse(body);
                push = PushEvent.Parse(doc.RootElement);
            }
            catch (JsonException) { push = null; }
            if (push is null)
                return ApiErrors.BadRequest(["the body is not a push event of GitHub, GitLab or Gitea (it needs ref and repository URLs)"]);
            var started = new List<StartedByPush>();
            if (push.After is not null)
                foreach (var job in catalog.Jobs.Where(j => Matches(j, push)))
                {
                    try
                    {
                        // A push starts the job with its options' defaults.
                        var run = await queue.StartAsync(new StartRequest(job.Name, user, $"push:{push.Ref}"), ct);
                        started.Add(new StartedByPush(job.Name, run.Run.Value, run.Queued));
                    }
                    catch (RunRefusedException) { /* a refusing job that is busy: the running bake has the push's parent */ }
                    catch (OptionsRejectedException) { /* a job with a required option and no default waits for a person */ }
                }
            return Results.Json(new PushView(push.Ref, push.After, started), statusCode: started.Count > 0 ? 202 : 200);
        }).AllowAnonymous()
          .Produces<PushView>(202).Produces<PushView>(200).Produces<ApiError>(400)
          .WithSummary("A push webhook (GitHub, GitLab, Gitea): starts the bake jobs whose repo and ref match the push");
    }

    private static bool Matches(JobDefinition job, PushEvent push) =>
        job.Kind == JobKind.Bake && job.Arguments is { } a
        && a.GetValueOrDefault("repo") is { Length: > 0 } repo && push.IsRepository(repo)
        && push.Names(a.GetValueOrDefault("ref") is { Length: > 0 } r ? r : "HEAD");
}
