using System.Globalization;
using System.Xml.Linq;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>Elastic Load Balancing v2 XML (API version 2015-12-01) and its error codes.</summary>
public static class ElbXml
{
    public static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    public static XElement E(string name, params object?[] content) =>
        new(Ns + name, content.Where(c => c is not null).Select(c => c switch
        {
            bool b => b ? "true" : "false",
            int i => i.ToString(CultureInfo.InvariantCulture),
            _ => c,
        }));

    public static XElement Members(string name, IEnumerable<object?> items) =>
        E(name, items.Select(i => i is object?[] parts ? E("member", parts) : E("member", i)).ToArray<object?>());

    public static XElement TargetGroup(TargetGroupRecord g) => E("member",
        E("TargetGroupArn", g.Id), E("TargetGroupName", g.Name), E("Protocol", g.Protocol), E("Port", g.Port),
        E("VpcId", g.VpcId), E("HealthCheckProtocol", g.HealthCheck.Protocol), E("HealthCheckPort", g.HealthCheck.Port),
        E("HealthCheckEnabled", true), E("HealthCheckIntervalSeconds", g.HealthCheck.IntervalSeconds),
        E("HealthCheckTimeoutSeconds", g.HealthCheck.TimeoutSeconds), E("HealthyThresholdCount", g.HealthCheck.HealthyThreshold),
        E("UnhealthyThresholdCount", g.HealthCheck.UnhealthyThreshold),
        g.HealthCheck.Path is null ? null : E("HealthCheckPath", g.HealthCheck.Path),
        Members("LoadBalancerArns", []), E("TargetType", g.TargetType), E("IpAddressType", "ipv4"));

    public static Ec2Exception Validation(string message) => new("ValidationError", message);
    public static Ec2Exception NotFound() => new("TargetGroupNotFound", "One or more target groups not found");
}
