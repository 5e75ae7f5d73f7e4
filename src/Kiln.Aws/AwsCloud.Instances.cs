using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    public async Task<InstanceId> RunInstanceAsync(InstanceRequest request, CancellationToken ct)
    {
        // A spot build tries its instance types in order, as Packer's fleet request offers them: the next type when EC2
        // has no spot capacity (InsufficientInstanceCapacity) or the price is below the market (SpotMaxPriceTooLow).
        var types = request.Ec2?.Spot is { InstanceTypes: { Count: > 0 } spotTypes } ? spotTypes : [request.InstanceType];
        for (var i = 0; ; i++)
        {
            var clientToken = Guid.NewGuid().ToString("N");
            try
            {
                var response = await CallAsync(c => Ec2.RunInstancesAsync(Ec2Requests.RunInstances(request, clientToken, types[i]), c), ct,
                    request.SshRule.Value, request.Credential.Name, request.Image.Value);
                var id = response.Reservation?.Instances?.FirstOrDefault()?.InstanceId
                    ?? throw new CloudException("EmptyReservation", "RunInstances answered without an instance");
                Remember(id);
                return new InstanceId(id);
            }
            catch (CloudException e) when (i + 1 < types.Count && e.Code is "InsufficientInstanceCapacity" or "SpotMaxPriceTooLow") { }
        }
    }

    /// <summary>ena_support and sriov_support on the stopped instance (EC2 takes them only then), so the image made
    /// from it has them, as Packer's StepModifyEBSBackedInstance does.</summary>
    public async Task SetNetworkSupportAsync(InstanceId id, bool? ena, bool sriov, CancellationToken ct)
    {
        if (ena is { } enabled)
            await CallAsync(c => Ec2.ModifyInstanceAttributeAsync(new ModifyInstanceAttributeRequest
            {
                InstanceId = id.Value, EnaSupport = enabled,
            }, c), ct, id.Value);
        if (sriov)
            await CallAsync(c => Ec2.ModifyInstanceAttributeAsync(new ModifyInstanceAttributeRequest
            {
                InstanceId = id.Value, SriovNetSupport = "simple",
            }, c), ct, id.Value);
    }

    /// <summary>imds_support: instances of the image require IMDSv2 (ModifyImageAttribute ImdsSupport v2.0).</summary>
    public Task SetImdsSupportAsync(ImageId id, string version, CancellationToken ct) =>
        CallAsync(c => Ec2.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = id.Value, ImdsSupport = version,
        }, c), ct, id.Value);

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
