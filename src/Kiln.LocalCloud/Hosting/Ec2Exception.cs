namespace Kiln.LocalCloud.Hosting;

/// <summary>An answer in AWS's error shape: code, message, HTTP status (400 unless AWS uses another).</summary>
public sealed class Ec2Exception(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
}

/// <summary>The error codes EC2 answers with, in one place so their wording and status stay consistent.</summary>
public static class Ec2Errors
{
    public static Ec2Exception Missing(string parameter) =>
        new("MissingParameter", $"The request must contain the parameter {parameter}");
    public static Ec2Exception InvalidValue(string parameter, string? value, string why) =>
        new("InvalidParameterValue", $"Value ({value}) for parameter {parameter} is invalid. {why}");
    public static Ec2Exception Invalid(string message) => new("InvalidParameterValue", message);
    public static Ec2Exception Combination(string message) => new("InvalidParameterCombination", message);
    public static Ec2Exception NotFound(string code, string message) => new(code, message);
    public static Ec2Exception Malformed(string code, string id, string kind) => new(code, $"Invalid id: \"{id}\" (expecting \"{kind}-...\")");
    public static Ec2Exception IncorrectState(string message) => new("IncorrectInstanceState", message);
    public static Ec2Exception AuthFailure(string message, int status = 401) => new("AuthFailure", message, status);
    public static Ec2Exception Internal(string message) => new("InternalError", message, 500);
}
