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
    }
}
