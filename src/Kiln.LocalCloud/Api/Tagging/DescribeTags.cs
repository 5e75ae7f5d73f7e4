using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Tagging;

public static class DescribeTags
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var filters = FilterSet.Parse(call.Params);
        var rows = call.Cloud.State.Read(tx => TaggedResources.All(tx).ToList())
            .SelectMany(r => r.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (r.Id, r.Type, t.Key, t.Value)))
            .Where(t => filters.Matches(f => f switch
            {
                "key" => [t.Key],
                "value" => [t.Value],
                "resource-id" => [t.Id],
                "resource-type" => [t.Type],
                _ => null,
            }, Kiln.LocalCloud.State.TagSet.Empty))
            .ToList();
        var (page, next) = Paging.Apply(rows, call.Params);
        return Ec2Result.Of(Set("tagSet", page.Select(t => new object?[]
        {
            E("resourceId", t.Id), E("resourceType", t.Type), E("key", t.Key), E("value", t.Value),
        })), Opt("nextToken", next));
    }
}
