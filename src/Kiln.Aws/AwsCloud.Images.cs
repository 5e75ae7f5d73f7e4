using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    /// <summary>The account's own images whose name matches <paramref name="nameFilter"/> (EC2 `name` filter: `*` and `?` wildcards).</summary>
    public Task<IReadOnlyList<CloudImage>> FindImagesAsync(string nameFilter, CancellationToken ct) =>
        DescribeOwnImagesAsync(new Filter("name", [nameFilter]), ct);

    /// <summary>Packer's source_ami_filter: any EC2 image filters (`name`, `virtualization-type`, `tag:…`, …; a value may
    /// hold `*` wildcards) and owners (`self`, `amazon`, an account id; none: every image the account can launch).</summary>
    public Task<IReadOnlyList<CloudImage>> FindImagesAsync(IReadOnlyDictionary<string, string> filters,
        IReadOnlyList<string> owners, CancellationToken ct) =>
        DescribeImagesAsync(filters.Select(f => new Filter(f.Key, [f.Value])).ToList(), owners.ToList(), ct);

    public Task<IReadOnlyList<CloudImage>> FindImagesByTagAsync(string key, string value, CancellationToken ct) =>
        DescribeOwnImagesAsync(Ec2Mapping.TagFilter(key, value), ct);

    public async Task<CloudImage?> GetImageAsync(ImageId id, CancellationToken ct)
    {
        try
        {
            var response = await CallAsync(c => Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [id.Value] }, c), ct, id.Value);
            var image = response.Images?.FirstOrDefault(i => i.ImageId == id.Value);
            return image is null ? null : Ec2Mapping.ToImage(image);
        }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    public async Task<ImageId> CreateImageAsync(InstanceId instance, string name, string description,
        IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.Value, Name = name, Description = description,
            TagSpecifications = Ec2Mapping.TagSpecs(tags, ResourceType.Image, ResourceType.Snapshot),
        }, c), ct, instance.Value);
        Remember(response.ImageId);
        return new ImageId(response.ImageId);
    }

    public Task DeregisterImageAsync(ImageId id, CancellationToken ct) =>
        DeleteAsync(c => Ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = id.Value }, c), id.Value, ct);

    public Task DeleteSnapshotAsync(SnapshotId id, CancellationToken ct) =>
        DeleteAsync(c => Ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = id.Value }, c), id.Value, ct);

    private Task<IReadOnlyList<CloudImage>> DescribeOwnImagesAsync(Filter filter, CancellationToken ct) =>
        DescribeImagesAsync([filter], ["self"], ct);

    private async Task<IReadOnlyList<CloudImage>> DescribeImagesAsync(List<Filter> filters, List<string> owners, CancellationToken ct)
    {
        var images = new List<CloudImage>();
        string? next = null;
        do
        {
            var token = next;
            var page = await CallAsync(c => Ec2.DescribeImagesAsync(new DescribeImagesRequest
            {
                // No MaxResults: EC2 then answers with every match at once (one round trip for a 10,000-image family);
                // a NextToken, if one comes, is still followed.
                Owners = owners.Count == 0 ? null : owners, Filters = filters, NextToken = token,
            }, c), ct);
            images.AddRange((page.Images ?? []).Select(Ec2Mapping.ToImage));
            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        } while (next is not null);
        return images;
    }
}
