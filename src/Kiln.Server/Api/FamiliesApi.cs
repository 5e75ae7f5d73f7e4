using Kiln.Core.Inventory;
using Kiln.Server.Auth;
using Kiln.Server.Families;

namespace Kiln.Server.Api;

public static class FamiliesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/families", async (FamilyService families, CancellationToken ct) => Results.Ok(await families.ListAsync(ct)))
            .RequireAuthorization(Roles.CanView).Produces<IReadOnlyList<FamilyView>>()
            .WithSummary("Each family's generations in the cloud (newest first), the run that made each, and which one each group runs");

        api.MapGet("/families/{name}", async (string name, FamilyService families, CancellationToken ct) =>
        {
            if (Kiln.Core.Naming.NameRules.PartProblem("family", name) is { } why) return ApiErrors.BadRequest([why]);
            return Results.Ok(await families.GetAsync(name, ct));
        }).RequireAuthorization(Roles.CanView).Produces<FamilyView>().Produces<ApiError>(400);

        api.MapGet("/families/{name}/diff", async (string name, string? from, string? to, Kiln.Core.Runs.IRunStore store, CancellationToken ct) =>
        {
            if (Kiln.Core.Naming.NameRules.PartProblem("family", name) is { } why) return ApiErrors.BadRequest([why]);
            if ((from is null) != (to is null)) return ApiErrors.BadRequest(["give both from and to (image names or ids), or neither for the newest against the one before it"]);
            try { return Results.Ok(await InventoryDiffQuery.RunAsync(store, name, from, to, ct)); }
            // What the history cannot answer: an image without a recorded inventory, a family with fewer than two.
            catch (Kiln.Core.KilnInputException e) { return ApiErrors.NotFound(e.Message); }
        }).RequireAuthorization(Roles.CanView).Produces<InventoryDifference>().Produces<ApiError>(400).Produces<ApiError>(404)
          .WithSummary("What changed between two images of the family (default: its newest against the one before): packages, files, inputs");
    }
}
