using System.Xml.Linq;
using Kiln.Aws.Query;
using Kiln.Core.Cloud;

namespace Kiln.Aws.ElbV2;

/// <summary>The Elastic Load Balancing v2 Query API (version 2015-12-01): the target-group calls a blue/green
/// rollout needs. Errors: <see cref="CloudException"/> with ELB's code (`TargetGroupNotFound`, `DuplicateTargetGroupName`, …).</summary>
public sealed class ElbV2Client(QueryTransport transport)
{
    public QueryTransport Transport => transport;

    public async Task<IReadOnlyList<TargetHealth>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken ct)
    {
        var result = await transport.CallAsync(transport.NewForm("DescribeTargetHealth").Add("TargetGroupArn", targetGroupArn), ct);
        return result.Members("TargetHealthDescriptions").Select(d =>
        {
            var target = d.Child("Target") ?? throw new FormatException("a TargetHealthDescription has no <Target>");
            var health = d.Child("TargetHealth");
            return new TargetHealth(target.Req("Id"), target.Int("Port"), health?.Str("State") ?? "",
                health?.Str("Reason"), health?.Str("Description"));
        }).ToList();
    }

    public async Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest r, CancellationToken ct)
    {
        var result = await transport.CallAsync(transport.NewForm("CreateTargetGroup")
            .Add("Name", r.Name).Add("Protocol", r.Protocol).Add("Port", r.Port).Add("VpcId", r.VpcId)
            .Add("TargetType", r.TargetType).Add("HealthCheckProtocol", r.HealthCheckProtocol)
            .Add("HealthCheckPath", r.HealthCheckPath).Add("HealthCheckPort", r.HealthCheckPort)
            .Add("HealthCheckIntervalSeconds", r.HealthCheckIntervalSeconds)
            .Add("HealthyThresholdCount", r.HealthyThresholdCount).Add("UnhealthyThresholdCount", r.UnhealthyThresholdCount)
            .AddMembers("Tags", r.Tags, (f, p, t) => f.Add($"{p}.Key", t.Key).Add($"{p}.Value", t.Value)), ct);
        return result.Members("TargetGroups").Select(Parse).FirstOrDefault()
            ?? throw new FormatException("CreateTargetGroup answered without a target group");
    }

    /// <summary>Every page of the account's target groups, or the named ones / the given ARNs. A name or ARN that
    /// does not exist is an error (`TargetGroupNotFound`), as in AWS.</summary>
    public async Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(IReadOnlyList<string>? names,
        IReadOnlyList<string>? arns, CancellationToken ct)
    {
        var groups = new List<TargetGroup>();
        string? marker = null;
        do
        {
            var result = await transport.CallAsync(transport.NewForm("DescribeTargetGroups")
                .AddMembers("Names", names).AddMembers("TargetGroupArns", arns).Add("Marker", marker), ct);
            groups.AddRange(result.Members("TargetGroups").Select(Parse));
            marker = result.Str("NextMarker");
        } while (marker is not null);
        return groups;
    }

    /// <summary>Null when no target group has that name.</summary>
    public async Task<TargetGroup?> FindTargetGroupAsync(string name, CancellationToken ct)
    {
        try { return (await DescribeTargetGroupsAsync([name], null, ct)).FirstOrDefault(); }
        catch (CloudException e) when (e.Code == "TargetGroupNotFound") { return null; }
    }

    private static TargetGroup Parse(XElement g) => new(
        g.Req("TargetGroupArn"), g.Req("TargetGroupName"), g.Str("Protocol"), g.Int("Port"), g.Str("VpcId"),
        g.Str("TargetType"), g.Str("HealthCheckPath"), g.Strings("LoadBalancerArns"));
}
