namespace Kiln.Server.Http;

/// <summary>Where to go after logging in: a path on this server only, by ASP.NET's `IsLocalUrl` rule, stricter still:
/// `/x` but not `//host`, `/\host` (browsers read `\` as `/`), or any control character (browsers drop tab and
/// newline, so `/%09/host` is `//host` to them).</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && url.Length < 2048
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\') && !url.Any(char.IsControl);

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/runs";
}
