using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.Server.Families;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kiln.Server.Ui;

/// <summary>`/families/{name}`: one family at a glance: its generations as a timeline and its bakes' step durations.</summary>
public static class FamilyPageEndpoints
{
    public static void Map(RouteGroupBuilder ui) =>
        ui.MapGet("/families/{name}", async (string name, HttpContext ctx, FamilyService families, IRunStore store, CancellationToken ct) =>
        {
            if (NameRules.PartProblem("family", name) is { } why) return Results.BadRequest(why + ": the families page lists them at /families");
            var family = await families.GetAsync(name, ct);
            var bakes = await new BakeDurations(store).LastAsync(name, ct);
            if (family.Generations.Count == 0 && family.Jobs.Count == 0 && bakes.Count == 0
                && (await store.ListRunsAsync(new RunQuery(Family: name, Limit: 1), ct)).Count == 0)
                return Results.NotFound($"no family '{name}': no job, run or image names it; the families page lists them at /families");
            return new RazorComponentResult<FamilyPage>(new { Ui = UiContext.For(ctx), Family = family, Chart = StepChart.Draw(bakes) });
        });
}
