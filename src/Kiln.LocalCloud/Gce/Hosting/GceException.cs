namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>An answer in Google's error shape: HTTP status, the `reason` of `errors[0]`, and the message.</summary>
public sealed class GceException(int status, string reason, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Reason { get; } = reason;
}

/// <summary>The errors Compute Engine answers with, worded as Google words them.</summary>
public static class GceErrors
{
    public static GceException NotFound(string path) => new(404, "notFound", $"The resource '{path}' was not found");
    public static GceException AlreadyExists(string path) => new(409, "alreadyExists", $"The resource '{path}' already exists");
    public static GceException InUse(string what, string by) =>
        new(400, "resourceInUseByAnotherResource", $"The {what} is already being used by '{by}'");
    public static GceException Invalid(string message) => new(400, "invalid", message);
    public static GceException InvalidField(string field, string? value, string why) =>
        new(400, "invalid", $"Invalid value for field '{field}': '{value}'. {why}");
    public static GceException Required(string field) => new(400, "required", $"Required field '{field}' not specified");
    public static GceException StaleFingerprint(string what) =>
        new(412, "conditionNotMet", $"Supplied fingerprint does not match current {what} fingerprint.");
    public static GceException Forbidden(string permission, string path) =>
        new(403, "forbidden", $"Required '{permission}' permission for '{path}'");
    public static GceException NotReady(string message) => new(400, "resourceNotReady", message);

    /// <summary>A call the local cloud does not serve: refused by name, never answered with something made up.</summary>
    public static GceException Unimplemented(string method, string verb, string path) =>
        new(400, "badRequest", $"The local cloud does not implement {method} ({verb} /compute/v1/{path}).");
}
