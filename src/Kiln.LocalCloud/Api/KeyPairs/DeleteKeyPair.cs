using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.KeyPairs;

/// <summary>DeleteKeyPair by name or id. As on AWS, deleting a key pair that does not exist succeeds (cleanup is
/// idempotent), and instances launched with it keep the key in authorized_keys.</summary>
public static class DeleteKeyPair
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var name = call.Params.Get("KeyName");
        var id = call.Params.Get("KeyPairId");
        if (name is null && id is null) throw Ec2Errors.Missing("KeyName");
        var deleted = call.Cloud.State.Write(tx =>
        {
            var key = id is not null ? tx.Get<KeyPairRecord>(id) : tx.ByName<KeyPairRecord>(name!);
            if (key is null) return null;
            tx.Delete<KeyPairRecord>(key.Id);
            return key.Id;
        });
        return Ec2Result.Of(Return(), Opt("keyPairId", deleted));
    }
}
