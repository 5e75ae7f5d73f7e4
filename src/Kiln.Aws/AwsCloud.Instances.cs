using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    public async Task<InstanceId> RunInstanceAsync(InstanceRequest request, CancellationToken ct)
    {
        var clientToken = Guid.NewGuid().ToString("N");
        var response = await CallAsync(c => Ec2.RunInstancesAsync(Ec2Requests.RunInstances(request, clientToken), c), ct,
            request.SshRule.Value, request.Credential.Name, request.Image.Value);
        var id = response.Reservation?.Instances?.FirstOrDefault()?.InstanceId
            ?? throw new CloudException("EmptyReservation", "RunInstances answered without an instance");
        Remember(id);
        return new InstanceId(id);
    }

    /// <summary>Null when EC2 does not know the id. For an instance this cloud started moments ago, NotFound is
    /// retried for the consistency window first.</summary>
    public async Task<CloudInstance?> GetInstanceAsync(InstanceId id, CancellationToken ct)
    {
        try
        {
            var response = await CallAsync(c => Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id.Value] }, c), ct, id.Value);
            var instance = (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).FirstOrDefault(i => i.InstanceId == id.Value);
            return instance is null ? null : Ec2Mapping.ToInstance(instance);
        }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    public Task<IReadOnlyList<CloudInstance>> FindInstancesByTagAsync(string key, string value, CancellationToken ct) =>
        DescribeInstancesAsync([Ec2Mapping.TagFilter(key, value)], ct);

    public Task StopInstanceAsync(InstanceId id, CancellationToken ct) =>
        CallAsync(c => Ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = [id.Value] }, c), ct, id.Value);

    public Task TerminateInstanceAsync(InstanceId id, CancellationToken ct) =>
        DeleteAsync(c => Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [id.Value] }, c), id.Value, ct);

    private async Task<IReadOnlyList<CloudInstance>> DescribeInstancesAsync(List<Filter> filters, CancellationToken ct)
    {
        var instances = new List<CloudInstance>();
        string? next = null;
        do
        {
            var token = next;
            var page = await CallAsync(c => Ec2.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                Filters = filters, MaxResults = 1000, NextToken = token,
            }, c), ct);
            instances.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(Ec2Mapping.ToInstance));
            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        } while (next is not null);
        return instances;
    }
}
