using System.Xml.Linq;

namespace Kiln.LocalCloud.Hosting;

/// <summary>One verified EC2 request: its action, parameters, the client's region, and the cloud it acts on.</summary>
public sealed record Ec2Call(string Action, QueryParams Params, string Region, string RequestId, CloudServices Cloud);

/// <summary>The elements of a successful response, placed under `&lt;ActionResponse&gt;` after `requestId`.</summary>
public sealed record Ec2Result(IReadOnlyList<XElement> Elements)
{
    public static Ec2Result Of(params XElement?[] elements) => new(elements.Where(e => e is not null).Select(e => e!).ToList());
    public static Ec2Result True => Of(Ec2Xml.Return());
}

public delegate Task<Ec2Result> Ec2Handler(Ec2Call call, CancellationToken ct);

/// <summary>A step every request passes through before its handler: the place for throttling, injected faults,
/// eventual consistency. Call <c>next</c> to go on, or answer (throw an <see cref="Ec2Exception"/>) instead.</summary>
public interface IEc2Interceptor
{
    Task<Ec2Result> InvokeAsync(Ec2Call call, Func<Task<Ec2Result>> next, CancellationToken ct);
}
