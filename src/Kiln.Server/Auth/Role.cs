namespace Kiln.Server.Auth;

/// <summary>Viewers read; operators also start, cancel and delete runs; admins also manage users and tokens.</summary>
public enum Role { Viewer, Operator, Admin }

public static class Roles
{
    public static bool TryParse(string? text, out Role role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Authorization policy names: each admits its role and the ones above it.</summary>
    public const string CanView = "view", CanOperate = "operate", CanAdminister = "administer";
}

public sealed record KilnUser(string Name, Role Role, DateTimeOffset Created);

public sealed record ApiToken(string Id, string User, string Label, DateTimeOffset Created, DateTimeOffset? LastUsed);
