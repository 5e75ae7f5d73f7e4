using Kiln.Aws.AutoScaling;
using Kiln.Core;

namespace Kiln.Deploy.Aws;

/// <summary>The tags Kiln puts on a group it creates: which deploy, image, family and run it belongs to, and where a
/// rollback goes (they do not propagate to instances: those carry the launch template's tags).</summary>
public static class DeployGroups
{
    public static IReadOnlyList<AsgTag> Tags(DeployRequest r, ImageId image, string? rollback)
    {
        var tags = new List<AsgTag>
        {
            new(DeployTags.Deploy, r.Group, false), new(DeployTags.Image, image.Value, false),
            new(KilnTags.Family, r.Family.Name, false), new(KilnTags.RunId, r.Run.Value, false),
        };
        if (rollback is not null) tags.Add(new AsgTag(DeployTags.Rollback, rollback, false));
        return tags;
    }
}
