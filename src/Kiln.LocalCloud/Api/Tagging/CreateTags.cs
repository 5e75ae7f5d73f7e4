using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Tagging;

/// <summary>CreateTags: all resources or none (one transaction); a missing resource answers its kind's NotFound.</summary>
public static class CreateTags
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var ids = call.Params.List("ResourceId");
        if (ids.Count == 0) throw Ec2Errors.Missing("ResourceId");
        var tags = Requests.Tags(call.Params);
        if (tags.Count == 0) throw Ec2Errors.Missing("Tag");
        call.Cloud.State.Write(tx =>
        {
            foreach (var id in ids)
                TaggedResources.Change(tx, id, current =>
                {
                    var merged = current.With(tags);
                    return merged.Count <= 50 ? merged : throw new Ec2Exception("TagLimitExceeded", $"The maximum number of tags (50) for {id} was exceeded");
                });
        });
        return Ec2Result.True;
    }
}
