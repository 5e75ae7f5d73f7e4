using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Cloud;
using CoreInstanceState = Kiln.Core.Cloud.InstanceState;

namespace Kiln.Aws;

/// <summary>EC2 SDK types to Kiln's cloud models and back. Pure. SDK v4 leaves absent lists null, hence the `?? []`.</summary>
public static class Ec2Mapping
{
    public static CloudImage ToImage(Image i) => new(
        new ImageId(i.ImageId), i.Name ?? "", ImageStates.FromEc2(i.State?.Value), ParseTime(i.CreationDate),
        (i.BlockDeviceMappings ?? []).Select(m => m.Ebs?.SnapshotId).OfType<string>().Select(s => new SnapshotId(s)).ToList(),
        ToTags(i.Tags), i.Description, NullIfEmpty(i.OwnerId), NullIfEmpty(i.ImageOwnerAlias));

    public static CloudInstance ToInstance(Instance i) => new(
        new InstanceId(i.InstanceId), ToInstanceState(i.State?.Name?.Value), i.PublicIpAddress, i.PrivateIpAddress,
        new ImageId(i.ImageId ?? ""), ToTags(i.Tags), i.StateReason?.Message ?? NullIfEmpty(i.StateTransitionReason));

    public static CoreInstanceState ToInstanceState(string? state) => state switch
    {
        "pending" => CoreInstanceState.Pending,
        "running" => CoreInstanceState.Running,
        "shutting-down" => CoreInstanceState.ShuttingDown,
        "terminated" => CoreInstanceState.Terminated,
        "stopping" => CoreInstanceState.Stopping,
        "stopped" => CoreInstanceState.Stopped,
        _ => CoreInstanceState.Other,
    };

    public static IReadOnlyDictionary<string, string> ToTags(List<Tag>? tags) =>
        (tags ?? []).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);

    public static List<Tag> FromTags(IReadOnlyDictionary<string, string> tags) =>
        tags.Select(t => new Tag(t.Key, t.Value)).ToList();

    /// <summary>EC2 rejects a TagSpecification without tags, so none is sent for an empty set.</summary>
    public static List<TagSpecification> TagSpecs(IReadOnlyDictionary<string, string> tags, params ResourceType[] types) =>
        tags.Count == 0 ? [] : types.Select(t => new TagSpecification { ResourceType = t, Tags = FromTags(tags) }).ToList();

    public static Filter TagFilter(string key, string value) => new($"tag:{key}", [value]);

    /// <summary>EC2 answers ISO 8601 (`2018-03-01T12:34:56.000Z`).</summary>
    public static DateTimeOffset ParseTime(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
