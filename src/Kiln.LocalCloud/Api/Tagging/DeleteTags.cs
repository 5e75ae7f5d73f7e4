using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Tagging;

/// <summary>DeleteTags: a tag given with a value is removed only when it has that value; no tags given = all tags.</summary>
public static class DeleteTags
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var ids = call.Params.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.Missing("ResourceId");
        var remove = call.Params.Structs("Tag").Select(t => (t.Required("Key"), t.Get("Value"))).ToList();
        call.Cloud.State.Write(tx =>
        {
            foreach (var id in ids)
                TaggedResources.Change(tx, id, current => remove.Count == 0 ? TagSet.Empty : current.Without(remove));
        });
        return Ec2Result.True;
    }
}
