using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.KeyPairs;

public static class DescribeKeyPairs
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var names = p.List("KeyName");
        var ids = Requests.Ids(p, "KeyPairId", "key", "InvalidKeyPair.Malformed");
        var filters = FilterSet.Parse(p);
        var all = call.Cloud.State.Read(tx => tx.All<KeyPairRecord>());
        if (names.FirstOrDefault(n => all.All(k => k.Name != n)) is { } missingName) throw KeyPairXml.NotFound(missingName);
        if (ids.FirstOrDefault(i => all.All(k => k.Id != i)) is { } missingId) throw KeyPairXml.NotFound(missingId);
        var keys = all.Where(k => (names.Count == 0 || names.Contains(k.Name)) && (ids.Count == 0 || ids.Contains(k.Id))
                                  && filters.Matches(f => KeyPairXml.FilterValues(k, f), k.Tags));
        var includePublic = p.Bool("IncludePublicKey") ?? false;
        return Ec2Result.Of(Set("keySet", keys.Select(k => KeyPairXml.Item(k, includePublic))));
    }
}
