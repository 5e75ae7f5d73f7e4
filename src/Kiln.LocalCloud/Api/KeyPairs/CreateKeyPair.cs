using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.KeyPairs;

/// <summary>CreateKeyPair: the private key is answered once and never stored; only the public key is kept.</summary>
public static class CreateKeyPair
{
    public static async Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct)
    {
        var p = call.Params;
        var name = KeyNames.Check(p.Required("KeyName"));
        var type = p.Get("KeyType") ?? "rsa";
        if (type is not ("rsa" or "ed25519"))
            throw Ec2Errors.InvalidValue("KeyType", type, "Supported key types are rsa and ed25519.");
        var format = p.Get("KeyFormat") ?? "pem";
        if (format != "pem") throw Ec2Errors.InvalidValue("KeyFormat", format, "The local cloud issues keys in pem format only.");
        var tags = Requests.TagsFor(Requests.TagSpecifications(p), "key-pair");
        var key = type == "rsa" ? await call.Cloud.RsaKeys.TakeAsync() : await KeyMaterial.CreateEd25519Async(ct);
        var record = new KeyPairRecord(ResourceIds.New("key"), name, type, key.Fingerprint, key.PublicKey, call.Cloud.Now, tags);
        call.Cloud.State.Write(tx =>
        {
            if (tx.ByName<KeyPairRecord>(name) is not null) throw KeyNames.Duplicate(name);
            tx.Put(record);
        });
        return Ec2Result.Of(E("keyName", name), E("keyFingerprint", key.Fingerprint), E("keyMaterial", key.PrivateKey.TrimEnd()),
            E("keyPairId", record.Id), Tags(tags));
    }
}
