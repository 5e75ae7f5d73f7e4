using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Images;

/// <summary>DescribeImages: ids, owners, filters (a `name` filter is narrowed in SQL through the name index), paging.</summary>
public static class DescribeImages
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = Requests.Ids(p, "ImageId", "ami", "InvalidAMIID.Malformed");
        var filters = FilterSet.Parse(p);
        // Every image here belongs to the one local account: `self` and its id see them all, other owners none.
        var owners = p.List("Owner");
        if (owners.Count > 0 && !owners.Any(o => o is "self" or LocalAccount.Id)) return Result([], null);

        var nameGlobs = filters.ValuesFor("name")?.Select(Wildcard.ToGlob).ToList();
        var images = call.Cloud.State.Read(tx => tx.All<ImageRecord>(ids, nameGlobs)).Where(i => i.IsIn(call.Region)).ToList();
        var missing = ids.Except(images.Select(i => i.Id)).ToList();
        if (missing.Count > 0)
            throw Ec2Errors.NotFound("InvalidAMIID.NotFound", $"The image id '[{string.Join(", ", missing)}]' does not exist");
        var executable = p.List("ExecutableBy");
        var matching = images.Where(i => filters.Matches(f => ImageXml.FilterValues(i, f), i.Tags)
            && (executable.Count == 0 || executable.Any(e => ExecutableBy(i, e)))).ToList();
        var (page, next) = Paging.Apply(matching, p, forbidWithIds: true, idsGiven: ids.Count > 0);
        return Result(page, next);
    }

    /// <summary>`self`: the caller's own images (all of them here); an account id: images shared with it or
    /// public; `all`: public images.</summary>
    private static bool ExecutableBy(ImageRecord i, string who) => who switch
    {
        "self" or LocalAccount.Id => true,
        "all" => i.Shared.IsPublic,
        _ => i.Shared.IsPublic || i.Shared.Users.Contains(who),
    };

    private static Ec2Result Result(IReadOnlyList<ImageRecord> images, string? next) =>
        Ec2Result.Of(Set("imagesSet", images.Select(ImageXml.Item)), Opt("nextToken", next));
}
