using System.Globalization;
using System.Xml.Linq;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>Auto Scaling XML (API version 2011-01-01): elements in its namespace, lists as `member` items.</summary>
public static class AsgXml
{
    public static readonly XNamespace Ns = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    public static QueryApi Api(ActionTable actions) => new("autoscaling", Ns, actions, Ec2Shape: false);

    public static XElement E(string name, params object?[] content) =>
        new(Ns + name, content.Where(c => c is not null).Select(Format));

    public static XElement? Opt(string name, object? value) => value is null ? null : E(name, value);

    public static XElement Members(string name, IEnumerable<object?> items) =>
        E(name, items.Select(i => i is object?[] parts ? E("member", parts) : E("member", i)).ToArray<object?>());

    private static object? Format(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset t => Ec2Xml.Time(t),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => value,
    };
}

/// <summary>Auto Scaling's error codes and wording.</summary>
public static class AsgErrors
{
    public static Ec2Exception Validation(string message) => new("ValidationError", message);
    public static Ec2Exception Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
    public static Ec2Exception GroupNotFound(string name) =>
        Validation($"AutoScalingGroup name not found - AutoScalingGroup {name} not found");
}
