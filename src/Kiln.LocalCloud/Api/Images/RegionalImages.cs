using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Images;

/// <summary>Images and snapshots are regional, as in EC2: a request sees those of the region it is signed for, plus
/// the ones without a region (the base image, served everywhere). Names are unique per region.</summary>
public static class RegionalImages
{
    public static ImageRecord Image(StateTx tx, string id, string region) =>
        tx.Get<ImageRecord>(id) is { } image && image.IsIn(region) ? image
            : throw Ec2Errors.NotFound("InvalidAMIID.NotFound", $"The image id '[{id}]' does not exist");

    public static SnapshotRecord Snapshot(StateTx tx, string id, string region) =>
        tx.Get<SnapshotRecord>(id) is { } snapshot && snapshot.IsIn(region) ? snapshot
            : throw Ec2Errors.NotFound("InvalidSnapshot.NotFound", $"The snapshot '{id}' does not exist.");

    /// <summary>The image of that name in the region, through the name index (GLOB with its wildcards escaped).</summary>
    public static ImageRecord? Named(StateTx tx, string name, string region) =>
        tx.All<ImageRecord>(nameGlobs: [Escape(name)]).FirstOrDefault(i => i.Name == name && i.IsIn(region));

    private static string Escape(string name) =>
        string.Concat(name.Select(c => c is '*' or '?' or '[' ? $"[{c}]" : c.ToString()));
}
