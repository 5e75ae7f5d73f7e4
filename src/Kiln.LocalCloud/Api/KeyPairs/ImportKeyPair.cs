using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.KeyPairs;

public static class ImportKeyPair
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = KeyNames.Check(p.Required("KeyName"));
        var (publicKey, type, fingerprint) = KeyMaterial.Import(p.Required("PublicKeyMaterial"));
        var tags = Requests.TagsFor(Requests.TagSpecifications(p), "key-pair");
        var record = new KeyPairRecord(ResourceIds.New("key"), name, type, fingerprint, publicKey, call.Cloud.Now, tags);
        call.Cloud.State.Write(tx =>
        {
            if (tx.ByName<KeyPairRecord>(name) is not null) throw KeyNames.Duplicate(name);
            tx.Put(record);
        });
        return Ec2Result.Of(E("keyName", name), E("keyFingerprint", fingerprint), E("keyPairId", record.Id), Tags(tags));
    }
}
