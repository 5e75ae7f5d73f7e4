using System.Text.RegularExpressions;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>amazon-ebs's copies, encryption and sharing options → <see cref="ImageDistribution"/>, with Packer 1.6's
/// checks (ami_config.go) and the ones EC2 would otherwise make after the image exists: a region that does not
/// exist, an account id that is not 12 digits, a key in no KMS form, a group other than `all`.</summary>
internal static partial class AmazonDistribution
{
    public static ImageDistribution Read(OptionReader o, string buildRegion, bool skipRegionValidation)
    {
        var regions = new List<string>();
        foreach (var (region, node) in o.StringItems("ami_regions"))
        {
            if (!skipRegionValidation && !AwsRegions.Known.Contains(region))
                o.Problems.At(node, $"ami_regions: '{NameRules.Printable(region)}' is not an AWS region (such as us-west-2); set skip_region_validation for a custom endpoint's region");
            // Packer drops duplicates and the build region itself (the image is there already).
            if (region != buildRegion && !regions.Contains(region)) regions.Add(region);
        }

        var encrypt = o.Bool("encrypt_boot") ?? false;
        var kmsKey = o.String("kms_key_id") is { Length: > 0 } k ? k : null;
        if (kmsKey is not null) CheckKey(o, o.Node("kms_key_id")!, "kms_key_id", kmsKey);
        var regionKeys = new Dictionary<string, string>();
        if (o.Object("region_kms_key_ids") is { } keyMap)
        {
            foreach (var entry in keyMap.Entries)
            {
                if (PackerDecoding.IsComment(entry.Key)) continue;
                var value = o.AsString(entry.Value) ?? "";
                regionKeys[entry.Key] = value;
                if (value.Length > 0) CheckKey(o, entry.Value, $"region_kms_key_ids.{entry.Key}", value);
                if (!regions.Contains(entry.Key) && entry.Key != buildRegion)
                    o.Problems.At(entry.KeyPosition, entry.Value.Path, $"region {entry.Key} is in region_kms_key_ids but not in ami_regions");
            }
            foreach (var region in regions.Where(r => !regionKeys.ContainsKey(r)))
                o.Problems.At(keyMap, $"region {region} is in ami_regions but not in region_kms_key_ids: give its key (\"\" for EBS's default key)");
        }
        if ((kmsKey is not null || regionKeys.Values.Any(v => v.Length > 0)) && !encrypt)
            o.Problems.At(o.Node("kms_key_id") ?? o.Node("region_kms_key_ids")!, "kms_key_id or region_kms_key_ids needs encrypt_boot set to true");

        var sharing = new ImageSharing
        {
            Users = Accounts(o, "ami_users"),
            Groups = Groups(o, "ami_groups"),
            ProductCodes = ProductCodes(o),
            SnapshotUsers = Accounts(o, "snapshot_users"),
            SnapshotGroups = Groups(o, "snapshot_groups"),
        };
        // EC2 refuses to share what EBS's default key encrypts (another account cannot use that key); Packer says so first.
        var defaultKeyHere = encrypt && kmsKey is null && !regionKeys.TryGetValue(buildRegion, out _);
        if (sharing.Users.Count > 0 && (defaultKeyHere || encrypt && regionKeys.Values.Any(v => v.Length == 0)))
            o.Problems.At(o.Node("ami_users")!, "an image encrypted with EBS's default key cannot be shared with other accounts: give kms_key_id (and a key per region in region_kms_key_ids)");
        if (sharing.SnapshotUsers.Count > 0 && (defaultKeyHere && regionKeys.Count == 0 || encrypt && regionKeys.Values.Any(v => v.Length == 0)))
            o.Problems.At(o.Node("snapshot_users")!, "snapshots encrypted with EBS's default key cannot be shared with other accounts: give kms_key_id (and a key per region in region_kms_key_ids)");
        if (encrypt && (sharing.Groups.Count > 0 || sharing.SnapshotGroups.Count > 0))
            o.Problems.At(o.Node("ami_groups") ?? o.Node("snapshot_groups")!, "an encrypted image or snapshot cannot be made public (EC2 refuses it)");

        return new ImageDistribution
        {
            Regions = regions,
            RegionKmsKeys = regionKeys,
            Encrypt = encrypt,
            KmsKeyId = kmsKey,
            SkipSaveBuildRegion = o.Bool("skip_save_build_region") ?? false,
            Sharing = sharing,
        };
    }

    private static void CheckKey(OptionReader o, ConfigNode node, string option, string key)
    {
        if (!KmsKeyIds.IsValid(key))
            o.Problems.At(node, $"{option}: '{NameRules.Printable(key)}' is not a KMS key id in any AWS form: a key id (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), alias/NAME or an alias ARN");
    }

    private static IReadOnlyList<string> Accounts(OptionReader o, string option)
    {
        var result = new List<string>();
        foreach (var (id, node) in o.StringItems(option))
        {
            if (!AwsRegions.IsAccountId(id))
                o.Problems.At(node, $"{option}: '{NameRules.Printable(id)}' is not an AWS account id (12 digits, such as 123456789012)");
            else if (!result.Contains(id)) result.Add(id);
        }
        return result;
    }

    private static IReadOnlyList<string> Groups(OptionReader o, string option)
    {
        var result = new List<string>();
        foreach (var (group, node) in o.StringItems(option))
        {
            if (group != "all") o.Problems.At(node, $"{option}: '{NameRules.Printable(group)}' is not a group: the only group is \"all\" (public)");
            else if (!result.Contains(group)) result.Add(group);
        }
        return result;
    }

    private static IReadOnlyList<string> ProductCodes(OptionReader o)
    {
        var result = new List<string>();
        foreach (var (code, node) in o.StringItems("ami_product_codes"))
        {
            if (!ProductCode().IsMatch(code)) o.Problems.At(node, $"ami_product_codes: '{NameRules.Printable(code)}' is not a product code (letters and digits)");
            else result.Add(code);
        }
        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex ProductCode();
}
