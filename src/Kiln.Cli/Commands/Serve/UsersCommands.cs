using System.ComponentModel;
using Kiln.Core;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Serve;

public sealed class UsersAddSettings : ServerDatabaseSettings
{
    [CommandArgument(0, "<NAME>")] public string Name { get; init; } = "";

    [CommandOption("--role <ROLE>")]
    [Description("viewer (read), operator (also start, cancel, delete runs) or admin (also users and tokens)")]
    public string Role { get; init; } = "viewer";

    public override ValidationResult Validate() =>
        Roles.TryParse(Role, out _) ? ValidationResult.Success() : ValidationResult.Error($"--role '{Role}': use viewer, operator or admin");
}

/// <summary>`kiln users add NAME --role admin`: the password comes from stdin when it is not a terminal (one line),
/// else from a prompt asked twice; it is never an argument, so it never shows in a process list.</summary>
public sealed class UsersAddCommand : AsyncCommand<UsersAddSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UsersAddSettings settings, CancellationToken ct)
    {
        var password = ReadPassword();
        var accounts = await settings.OpenAccountsAsync(ct);
        var user = await accounts.AddUserAsync(settings.Name, settings.Role, password, ct);
        Console.WriteLine($"added {user.Name} ({Roles.Name(user.Role)})");
        return ExitCodes.Ok;
    }

    internal static string ReadPassword()
    {
        if (Console.IsInputRedirected) return (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
        var first = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
        var again = AnsiConsole.Prompt(new TextPrompt<string>("Again:").Secret());
        return first == again ? first : throw new KilnInputException(["the two passwords differ"]);
    }
}

public sealed class UsersSetSettings : ServerDatabaseSettings
{
    [CommandArgument(0, "<NAME>")] public string Name { get; init; } = "";

    [CommandOption("--role <ROLE>")] [Description("the new role: viewer, operator or admin")] public string? Role { get; init; }

    [CommandOption("--password")] [Description("set a new password (read from stdin, or prompted twice)")] public bool Password { get; init; }
}

/// <summary>`kiln users set NAME --role R --password`: a new role and/or password; the user's web sessions end at once.</summary>
public sealed class UsersSetCommand : AsyncCommand<UsersSetSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UsersSetSettings settings, CancellationToken ct)
    {
        var password = settings.Password ? UsersAddCommand.ReadPassword() : null;
        var accounts = await settings.OpenAccountsAsync(ct);
        var user = await accounts.ChangeUserAsync(settings.Name, settings.Role, password, ct);
        Console.WriteLine($"changed {user.Name} ({Roles.Name(user.Role)}); their web sessions are ended");
        return ExitCodes.Ok;
    }
}

public sealed class UsersUnlockSettings : ServerDatabaseSettings
{
    [CommandArgument(0, "[NAME]")] public string? Name { get; init; }

    [CommandOption("--address <IP>")] [Description("also (or only) unlock this client address")] public string? Address { get; init; }

    public override ValidationResult Validate() =>
        Name is null && Address is null ? ValidationResult.Error("name a user, or give --address IP") : ValidationResult.Success();
}

/// <summary>`kiln users unlock NAME`: forgets the failed logins of a user name (and with --address, of a client
/// address), so a user locked out by someone guessing at their password can log in again.</summary>
public sealed class UsersUnlockCommand : AsyncCommand<UsersUnlockSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UsersUnlockSettings settings, CancellationToken ct)
    {
        await settings.OpenAccountsAsync(ct);
        var throttle = new LoginThrottle(new ServerDatabase(settings.Location()), TimeProvider.System, new ThrottleLimits());
        if (settings.Name is { } name)
            Console.WriteLine(await throttle.ResetAsync(LoginThrottle.UserKey(name), ct) ? $"unlocked {name}" : $"{name} had no failed logins");
        if (settings.Address is { } address)
            Console.WriteLine(await throttle.ResetAsync(LoginThrottle.AddressKey(address), ct) ? $"unlocked {address}" : $"{address} had no failures");
        return ExitCodes.Ok;
    }
}

public sealed class UsersListCommand : AsyncCommand<ServerDatabaseSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServerDatabaseSettings settings, CancellationToken ct)
    {
        var accounts = await settings.OpenAccountsAsync(ct);
        foreach (var u in await accounts.Store.ListUsersAsync(ct)) Console.WriteLine($"{u.Name}\t{Roles.Name(u.Role)}\t{u.Created:yyyy-MM-dd}");
        return ExitCodes.Ok;
    }
}

public sealed class TokensCreateSettings : ServerDatabaseSettings
{
    [CommandOption("--user <NAME>")] [Description("the user the token acts as")] public string User { get; init; } = "";
    [CommandOption("--label <TEXT>")] [Description("what the token is for (shown in the token list)")] public string? Label { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(User) ? ValidationResult.Error("--user: name the user the token acts as") : ValidationResult.Success();
}

/// <summary>`kiln tokens create --user NAME`: prints the secret once (stdout), for `kiln run --token` or KILN_TOKEN.</summary>
public sealed class TokensCreateCommand : AsyncCommand<TokensCreateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TokensCreateSettings settings, CancellationToken ct)
    {
        var accounts = await settings.OpenAccountsAsync(ct);
        var (token, secret) = await accounts.CreateTokenAsync(settings.User, settings.Label, ct);
        Console.Error.WriteLine($"token {token.Id} for {token.User}; shown once, store it now:");
        Console.WriteLine(secret);
        return ExitCodes.Ok;
    }
}
