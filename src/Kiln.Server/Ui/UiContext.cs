using System.Globalization;
using Kiln.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Ui;

/// <summary>What every page needs: who is logged in, what they may do, and the antiforgery token for its forms.</summary>
public sealed record UiContext(string? User, Role Role, string CsrfField, string CsrfToken)
{
    public bool CanOperate => User is not null && Role is Role.Operator or Role.Admin;

    public static UiContext For(HttpContext ctx)
    {
        var tokens = ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);
        var user = ctx.User.Identity?.IsAuthenticated == true ? Principals.Name(ctx.User) : null;
        return new UiContext(user, Principals.RoleOf(ctx.User), tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    public static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (t is null ? "" : "Z");

    public static string Duration(double? seconds) => seconds switch
    {
        null => "",
        < 60 => $"{seconds:0.0} s",
        < 3600 => $"{Math.Floor(seconds.Value / 60)} min {seconds.Value % 60:00} s",
        _ => $"{Math.Floor(seconds.Value / 3600)} h {Math.Floor(seconds.Value % 3600 / 60):00} min",
    };
}
