using Kiln.Core;
using Kiln.Core.Inventory;
using Kiln.Core.Runs;
using Kiln.Server.Api;
using Kiln.Server.Auth;
using Kiln.Server.Families;
using Kiln.Server.Groups;
using Kiln.Server.Jobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Ui;

/// <summary>The web UI: server-rendered pages (Razor components), plain forms with antiforgery tokens, and one
/// small script that streams a running run's log.</summary>
public static class UiEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/runs")).ExcludeFromDescription();
        app.MapGet("/ui/site.css", () => Asset("site.css", "text/css")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/ui/run-log.js", () => Asset("run-log.js", "text/javascript")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/denied", (HttpContext ctx) => Results.Content("Your role does not allow this.", "text/plain", statusCode: 403)).ExcludeFromDescription();

        LoginEndpoints.Map(app);

        var ui = app.MapGroup("").RequireAuthorization(Roles.CanView).ExcludeFromDescription();
        ui.MapGet("/runs", async (HttpContext ctx, RunService runs, IJobCatalog catalog, CancellationToken ct) =>
        {
            var (query, problems) = RunQueryParser.Parse(ctx.Request.Query);
            var list = problems.Count > 0 ? new RunListView([], []) : await runs.ListAsync(query, ct);
            return new RazorComponentResult<RunsPage>(new
            {
                Ui = UiContext.For(ctx), List = list, Jobs = catalog.Jobs.Select(j => j.Name).ToList(), Query = ctx.Request.Query, Problems = problems,
            });
        });
        ui.MapGet("/runs/{id}", async (string id, HttpContext ctx, RunService runs, IRunStore store, CancellationToken ct) =>
        {
            if (await runs.GetAsync(new RunId(id), ct) is not { } run) return Results.NotFound($"no run '{id}'");
            var log = (await store.GetLogAsync(new RunId(id), 0, 5000, ct)).Select(l => new LogLineView(l.Seq, l.Time, l.Stream, l.Text)).ToList();
            var diff = run.Run is { Kind: "bake", Image: { } image } ? await InventoryDiffQuery.AgainstSourceAsync(store, ImageKey(image), ct) : null;
            return new RazorComponentResult<RunPage>(new { Ui = UiContext.For(ctx), Run = run, Log = log, Diff = diff });
        });
        ui.MapGet("/jobs", (HttpContext ctx, IJobCatalog catalog, Quartz.ISchedulerFactory schedulers, CancellationToken ct) => JobsAsync(ctx, catalog, schedulers, null, ct));
        ui.MapGet("/families", async (HttpContext ctx, FamilyService families, CancellationToken ct) =>
            new RazorComponentResult<FamiliesPage>(new { Ui = UiContext.For(ctx), Families = await families.ListAsync(ct) }));
        FamilyPageEndpoints.Map(ui);
        ui.MapGet("/groups", async (HttpContext ctx, GroupService groups, CancellationToken ct) =>
            new RazorComponentResult<GroupsPage>(new { Ui = UiContext.For(ctx), Groups = await groups.ListAsync(ct) }));

        var operate = app.MapGroup("").RequireAuthorization(Roles.CanOperate).ExcludeFromDescription();
        operate.MapPost("/jobs/{name}/start", async (string name, HttpContext ctx, IAntiforgery af, RunQueue queue, IJobCatalog catalog,
            Quartz.ISchedulerFactory schedulers, CancellationToken ct) =>
        {
            if (!await af.IsRequestValidAsync(ctx)) return Results.BadRequest("missing or invalid antiforgery token: reload the page");
            var form = await ctx.Request.ReadFormAsync(ct);
            var options = form.Keys.Where(k => k.StartsWith("option.", StringComparison.Ordinal) && form[k].ToString().Length > 0)
                .ToDictionary(k => k["option.".Length..], k => form[k].ToString());
            try
            {
                var started = await queue.StartAsync(new StartRequest(name, Principals.Name(ctx.User), "ui", Options: options), ct);
                return Results.Redirect($"/runs/{started.Run}");
            }
            catch (Exception e) when (e is KilnInputException or RunRefusedException or OptionsRejectedException)
            {
                var message = e switch { KilnInputException k => string.Join("; ", k.Problems), OptionsRejectedException o => string.Join("; ", o.Problems), _ => e.Message };
                return await JobsAsync(ctx, catalog, schedulers, message, ct);
            }
        });
        operate.MapPost("/runs/{id}/cancel", async (string id, HttpContext ctx, IAntiforgery af, RunService runs, CancellationToken ct) =>
        {
            if (!await af.IsRequestValidAsync(ctx)) return Results.BadRequest("missing or invalid antiforgery token: reload the page");
            await runs.CancelAsync(new RunId(id), Principals.Name(ctx.User), ct);
            return Results.Redirect($"/runs/{id}");
        });
        operate.MapPost("/runs/{id}/delete", async (string id, HttpContext ctx, IAntiforgery af, RunService runs, CancellationToken ct) =>
        {
            if (!await af.IsRequestValidAsync(ctx)) return Results.BadRequest("missing or invalid antiforgery token: reload the page");
            return await runs.DeleteAsync(new RunId(id), ct) == RunService.DeleteResult.StillRunning
                ? Results.Redirect($"/runs/{id}") : Results.Redirect("/runs");
        });
    }

    private static async Task<IResult> JobsAsync(HttpContext ctx, IJobCatalog catalog, Quartz.ISchedulerFactory schedulers, string? message, CancellationToken ct)
    {
        var jobs = await JobViews.ListAsync(catalog, schedulers, ctx.RequestServices.GetRequiredService<IRunStore>(), ct);
        return new RazorComponentResult<JobsPage>(new { Ui = UiContext.For(ctx), Jobs = jobs, Message = message });
    }

    /// <summary>A run's recorded image (`ID NAME`, or an id alone) as the history's inventories know it: its name.</summary>
    private static string ImageKey(string recorded) => recorded.Split(' ') is [_, var name, ..] ? name : recorded;

    private static IResult Asset(string name, string type)
    {
        var stream = typeof(UiEndpoints).Assembly.GetManifestResourceStream($"Kiln.Server.{name}")!;
        return Results.Stream(stream, type);
    }
}
