using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>CreateOrUpdateTags on groups (ResourceType auto-scaling-group). Tags that propagate reach instances
/// launched from now on.</summary>
public static class CreateOrUpdateTags
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var tags = call.Params.Structs("Tags.member");
        if (tags.Count == 0) throw AsgErrors.Missing("tags");
        call.Cloud.State.Write(tx =>
        {
            foreach (var byGroup in tags.GroupBy(t => t.Get("ResourceId") ?? throw AsgErrors.Missing("tags.member.resourceId")))
            {
                var g = AsgRequests.Group(tx, byGroup.Key);
                var updated = g.Tags.ToList();
                foreach (var t in byGroup)
                {
                    if ((t.Get("ResourceType") ?? "auto-scaling-group") != "auto-scaling-group")
                        throw AsgErrors.Validation($"ResourceType {t.Get("ResourceType")} is not valid: use auto-scaling-group");
                    var key = t.Get("Key") is { Length: > 0 } k ? k : throw AsgErrors.Missing("tags.member.key");
                    updated.RemoveAll(x => x.Key == key);
                    updated.Add(new AsgTag(key, t.Get("Value") ?? "", t.Bool("PropagateAtLaunch") ?? false));
                }
                tx.Put(g with { Tags = updated });
            }
        });
        return Ec2Result.Of();
    }
}
