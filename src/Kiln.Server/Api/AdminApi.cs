using Kiln.Core;
using Kiln.Server.Auth;

namespace Kiln.Server.Api;

/// <summary>Users and API tokens: admins only. A token's secret is shown once, in the response that creates it.</summary>
public static class AdminApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").RequireAuthorization(Roles.CanAdminister);

        admin.MapGet("/users", async (UserStore users, CancellationToken ct) =>
            Results.Ok((await users.ListUsersAsync(ct)).Select(u => new UserView(u.Name, Roles.Name(u.Role), u.Created))))
            .Produces<IReadOnlyList<UserView>>();

        admin.MapPost("/users", async (HttpContext ctx, Accounts accounts, CancellationToken ct) =>
        {
            var (body, error) = await RequestBody.ReadAsync<NewUser>(ctx);
            if (error is not null) return error;
            var problems = Accounts.ValidateNewUser(body!.Name, body.Role, body.Password);
            if (problems.Count > 0) return ApiErrors.BadRequest(problems);
            try
            {
                var user = await accounts.AddUserAsync(body.Name!, body.Role!, body.Password!, ct);
                return Results.Json(new UserView(user.Name, Roles.Name(user.Role), user.Created), statusCode: 201);
            }
            catch (KilnInputException e) { return ApiErrors.Conflict(string.Join("; ", e.Problems)); }
        }).AddEndpointFilter<CsrfFilter>().Accepts<NewUser>("application/json")
          .Produces<UserView>(201).Produces<ApiError>(400).Produces<ApiError>(409).WithSummary("Adds a user (name, role, password)");

        admin.MapPatch("/users/{name}", async (string name, HttpContext ctx, Accounts accounts, CancellationToken ct) =>
        {
            var (body, error) = await RequestBody.ReadAsync<UserChange>(ctx);
            if (error is not null) return error;
            if (await accounts.Store.FindUserAsync(name, ct) is null) return ApiErrors.NotFound($"no user '{name}'");
            try
            {
                var user = await accounts.ChangeUserAsync(name, body!.Role, body.Password, ct);
                return Results.Ok(new UserView(user.Name, Roles.Name(user.Role), user.Created));
            }
            catch (KilnInputException e) { return ApiErrors.BadRequest(e.Problems); }
        }).AddEndpointFilter<CsrfFilter>().Accepts<UserChange>("application/json")
          .Produces<UserView>().Produces<ApiError>(400).Produces<ApiError>(404).WithSummary("Changes a user's role and/or password; ends their web sessions");

        admin.MapDelete("/users/{name}", async (string name, Accounts accounts, CancellationToken ct) =>
        {
            if (await accounts.Store.FindUserAsync(name, ct) is null) return ApiErrors.NotFound($"no user '{name}'");
            try { await accounts.DeleteUserAsync(name, ct); return Results.NoContent(); }
            catch (KilnInputException e) { return ApiErrors.Conflict(string.Join("; ", e.Problems)); }
        }).AddEndpointFilter<CsrfFilter>().Produces(204).Produces<ApiError>(404).Produces<ApiError>(409)
          .WithSummary("Deletes a user and their tokens (not the last admin)");

        admin.MapGet("/tokens", async (UserStore users, CancellationToken ct) =>
            Results.Ok((await users.ListTokensAsync(ct)).Select(t => new TokenView(t.Id, t.User, t.Label, t.Created, t.LastUsed))))
            .Produces<IReadOnlyList<TokenView>>().WithSummary("API tokens (never their secrets)");

        admin.MapPost("/tokens", async (HttpContext ctx, Accounts accounts, CancellationToken ct) =>
        {
            var (body, error) = await RequestBody.ReadAsync<NewToken>(ctx);
            if (error is not null) return error;
            if (string.IsNullOrWhiteSpace(body!.User)) return ApiErrors.BadRequest(["user: name the user the token acts as"]);
            if (body.Label is { Length: > 100 }) return ApiErrors.BadRequest(["label: at most 100 characters"]);
            try
            {
                var (token, secret) = await accounts.CreateTokenAsync(body.User, body.Label, ct);
                return Results.Json(new CreatedTokenView(token.Id, token.User, token.Label, secret), statusCode: 201);
            }
            catch (KilnInputException e) { return ApiErrors.BadRequest(e.Problems); }
        }).AddEndpointFilter<CsrfFilter>().Accepts<NewToken>("application/json")
          .Produces<CreatedTokenView>(201).Produces<ApiError>(400).WithSummary("Creates a token for a user; its secret is in this response only");

        admin.MapDelete("/tokens/{id}", async (string id, UserStore users, CancellationToken ct) =>
            await users.DeleteTokenAsync(id, ct) ? Results.NoContent() : ApiErrors.NotFound($"no token '{id}'"))
            .AddEndpointFilter<CsrfFilter>().Produces(204).Produces<ApiError>(404).WithSummary("Revokes a token");
    }
}
