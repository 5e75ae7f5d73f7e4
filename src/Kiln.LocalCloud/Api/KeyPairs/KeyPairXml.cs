using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.KeyPairs;

public static class KeyPairXml
{
    public static object?[] Item(KeyPairRecord k, bool includePublicKey) =>
    [
        E("keyPairId", k.Id),
        E("keyFingerprint", k.Fingerprint),
        E("keyName", k.Name),
        E("keyType", k.KeyType),
        Tags(k.Tags),
        includePublicKey ? E("publicKey", k.PublicKey) : null,
        E("createTime", k.Created),
    ];

    public static IEnumerable<string?>? FilterValues(KeyPairRecord k, string filter) => filter switch
    {
        "key-name" => [k.Name],
        "key-pair-id" => [k.Id],
        "fingerprint" => [k.Fingerprint],
        "key-type" => [k.KeyType],
        _ => null,
    };

    public static Hosting.Ec2Exception NotFound(string name) =>
        Hosting.Ec2Errors.NotFound("InvalidKeyPair.NotFound", $"The key pair '{name}' does not exist");
}
