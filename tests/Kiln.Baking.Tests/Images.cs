using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking.Tests;

/// <summary>Image records for the pure decisions' tables.</summary>
internal static class Images
{
    public static CloudImage Make(string name, ImageState state = ImageState.Available, bool temporary = false, string? id = null,
        DateTimeOffset? created = null, string? run = null) =>
        new(new ImageId(id ?? "ami-" + name.GetHashCode().ToString("x8")), name, state, created ?? DateTimeOffset.UnixEpoch,
            [new SnapshotId("snap-" + name.GetHashCode().ToString("x8"))],
            new Dictionary<string, string>
            {
                [KilnTags.Temporary] = temporary ? "true" : "false",
                [KilnTags.RunId] = run ?? "kiln-20260101-000000-0000",
            });
}
