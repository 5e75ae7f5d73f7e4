using Amazon.EC2.Model;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    /// <summary>Adds or overwrites tags on any EC2 resource (instance, image, snapshot, group, …). Tagging an id this
    /// cloud just created retries NotFound for the consistency window.</summary>
    public Task TagAsync(string resourceId, IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        tags.Count == 0
            ? Task.CompletedTask
            : CallAsync(c => Ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [resourceId], Tags = Ec2Mapping.FromTags(tags) }, c), ct, resourceId);
}
