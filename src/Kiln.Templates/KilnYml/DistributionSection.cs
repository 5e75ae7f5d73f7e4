using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's `regions:` (copies of every generation in these regions), `share_with:` (accounts that may
/// launch the image and create volumes from its snapshots) and `encrypt:` (true for EBS's default key, a key id or
/// alias for every region, or a map region → key): what Packer's ami_regions, ami_users + snapshot_users and
/// encrypt_boot + kms_key_id + region_kms_key_ids give a template. EC2 only.</summary>
internal static class DistributionSection
{
    public static ImageDistribution Read(OptionReader o, CloudSpec cloud)
    {
        if (cloud.IsGce)
        {
            foreach (var key in new[] { "regions", "share_with", "encrypt" })
                if (o.Node(key) is { } node) o.Problems.At(node, $"{key} is for EC2 images; on Compute Engine an image is global already");
            return new ImageDistribution();
        }
        var regions = new List<string>();
        foreach (var region in o.StringList("regions") ?? [])
        {
            if (!AwsRegions.Known.Contains(region))
                o.Problems.At(o.Node("regions")!, $"regions: '{NameRules.Printable(region)}' is not an AWS region (such as us-west-2)");
            else if (region != cloud.Region && !regions.Contains(region)) regions.Add(region);
        }
        var accounts = (o.StringList("share_with") ?? []).Distinct().ToList();
        foreach (var account in accounts.Where(a => !AwsRegions.IsAccountId(a)))
            o.Problems.At(o.Node("share_with")!, $"share_with: '{NameRules.Printable(account)}' is not an AWS account id (12 digits)");
        var (encrypt, homeKey, regionKeys) = ReadEncrypt(o, cloud.Region, regions);
        if (encrypt && accounts.Count > 0 && (homeKey is null || regions.Any(r => regionKeys.GetValueOrDefault(r, "") == "")))
            o.Problems.At(o.Node("share_with")!, "an image encrypted with EBS's default key cannot be shared with other accounts: give encrypt a key (an alias such as alias/kiln exists in every region)");
        return new ImageDistribution
        {
            Regions = regions,
            Encrypt = encrypt,
            KmsKeyId = homeKey,
            RegionKmsKeys = encrypt ? regions.ToDictionary(r => r, r => regionKeys.GetValueOrDefault(r, "")) : new Dictionary<string, string>(),
            Sharing = new ImageSharing { Users = accounts, SnapshotUsers = accounts },
        };
    }

    private static (bool Encrypt, string? HomeKey, Dictionary<string, string> RegionKeys) ReadEncrypt(OptionReader o, string home, List<string> regions)
    {
        var keys = new Dictionary<string, string>();
        switch (o.Node("encrypt"))
        {
            case null:
                return (false, null, keys);
            case ConfigMap map:
                foreach (var entry in map.Entries)
                {
                    var key = o.AsString(entry.Value) ?? "";
                    if (!KmsKeyIds.IsValid(key)) o.Problems.At(entry.Value, KeyProblem(key));
                    if (entry.Key != home && !regions.Contains(entry.Key))
                        o.Problems.At(entry.Value, $"encrypt: region {entry.Key} is neither the build region ({home}) nor in regions:");
                    keys[entry.Key] = key;
                }
                foreach (var r in regions.Where(r => !keys.ContainsKey(r)))
                    o.Problems.At(map, $"encrypt: give the key for region {r} too (every copy is encrypted)");
                return (true, keys.GetValueOrDefault(home), keys);
            case ConfigScalar { Kind: ScalarKind.Bool } flag:
                return (flag.Value is "true", null, keys);
            case var node:
                var one = o.AsString(node) ?? "";
                if (!KmsKeyIds.IsValid(one)) { o.Problems.At(node, KeyProblem(one)); return (true, null, keys); }
                if (KmsKeyIds.RegionOf(one) is { } bound && regions.Count > 0)
                    o.Problems.At(node, $"encrypt: the key {one} belongs to {bound}; copies in other regions need their own: give an alias (alias/NAME) or a map region → key");
                foreach (var r in regions) keys[r] = one;
                return (true, one, keys);
        }
    }

    private static string KeyProblem(string key) =>
        $"encrypt: '{NameRules.Printable(key)}' is not a KMS key in any AWS form: true (EBS's default key), a key id, a key ARN, alias/NAME or an alias ARN";
}
