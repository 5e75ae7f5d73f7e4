using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    /// <summary>An RSA key pair made by EC2; its private key is returned once and never logged.</summary>
    public Task<KeyPairMaterial> CreateKeyPairAsync(KeyPairName name, IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        CreateKeyPairAsync(name, tags, "rsa", ct);

    /// <summary><paramref name="keyType"/>: `rsa` or `ed25519` (Packer's temporary_key_pair_type).</summary>
    public async Task<KeyPairMaterial> CreateKeyPairAsync(KeyPairName name, IReadOnlyDictionary<string, string> tags,
        string keyType, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.CreateKeyPairAsync(new CreateKeyPairRequest
        {
            KeyName = name.Value, KeyType = KeyType.FindValue(keyType), KeyFormat = KeyFormat.Pem,
            TagSpecifications = Ec2Mapping.TagSpecs(tags, ResourceType.KeyPair),
        }, c), ct);
        Remember(name.Value);
        var material = response.KeyPair?.KeyMaterial;
        if (string.IsNullOrEmpty(material))
            throw new CloudException("EmptyKeyMaterial", $"CreateKeyPair for {name} answered without the private key");
        return new KeyPairMaterial(name, material);
    }

    public Task DeleteKeyPairAsync(KeyPairName name, CancellationToken ct) =>
        DeleteAsync(c => Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = name.Value }, c), name.Value, ct);

    /// <summary>Asked with a key-name filter, which answers an empty list where KeyNames answers InvalidKeyPair.NotFound.</summary>
    public async Task<bool> KeyPairExistsAsync(string name, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest
        {
            Filters = [new Filter("key-name", [name])],
        }, c), ct);
        return (response.KeyPairs ?? []).Any(k => k.KeyName == name);
    }

    public async Task<IReadOnlyList<KeyPairName>> FindKeyPairsByTagAsync(string key, string value, CancellationToken ct) =>
        (await KeyPairsTaggedAsync(key, value, ct)).Select(k => k.Name).ToList();

    /// <summary>The key pairs with the tag, each with all its tags.</summary>
    private async Task<IReadOnlyList<(KeyPairName Name, IReadOnlyDictionary<string, string> Tags)>> KeyPairsTaggedAsync(
        string key, string value, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest
        {
            Filters = [Ec2Mapping.TagFilter(key, value)],
        }, c), ct);
        return (response.KeyPairs ?? []).Select(k => (new KeyPairName(k.KeyName), Ec2Mapping.ToTags(k.Tags))).ToList();
    }
}
