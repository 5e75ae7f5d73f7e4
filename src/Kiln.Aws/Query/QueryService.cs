using System.Xml.Linq;

namespace Kiln.Aws.Query;

/// <summary>One AWS Query API: its SigV4 service name, API version, XML namespace and regional endpoint.</summary>
public sealed record QueryService(string SigningName, string Version, XNamespace Namespace, string EndpointPrefix)
{
    public static readonly QueryService AutoScaling =
        new("autoscaling", "2011-01-01", "http://autoscaling.amazonaws.com/doc/2011-01-01/", "autoscaling");
    public static readonly QueryService ElasticLoadBalancingV2 =
        new("elasticloadbalancing", "2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "elasticloadbalancing");

    /// <summary>`https://autoscaling.{region}.amazonaws.com` (`.amazonaws.com.cn` in the China regions), or the given
    /// service URL (the local cloud serves every service on one endpoint and routes on the credential scope).</summary>
    public Uri EndpointFor(string region, Uri? serviceUrl = null) => serviceUrl
        ?? new Uri($"https://{EndpointPrefix}.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/");
}
