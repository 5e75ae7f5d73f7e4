namespace Kiln.Templates.Tests.Packer;

/// <summary>ami_regions, encryption and sharing read as Packer 1.6 reads them, and what EC2 would refuse later is
/// refused now, at its place in the file.</summary>
public class AmazonDistributionTests
{
    private const string Key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public void Regions_keys_and_sharing_land_in_the_spec()
    {
        using var kit = new PackerTestKit();
        var d = kit.Read($$"""{"builders": [{{PackerTestKit.Builder($$"""
            "ami_regions": ["us-west-2", "eu-west-1", "ap-northeast-1", "us-west-2"], "encrypt_boot": "true",
            "kms_key_id": "alias/build", "region_kms_key_ids": {"us-west-2": "{{Key}}", "eu-west-1": "alias/eu", "_note": "x"},
            "ami_users": "111111111111,222222222222", "ami_product_codes": ["abc123"], "snapshot_users": ["333333333333"],
            "skip_save_build_region": ""
            """)}}]}""").Builds[0].Distribution;
        Assert.Equal(["us-west-2", "eu-west-1"], d.Regions);
        Assert.True(d.Encrypt);
        Assert.Equal("alias/build", d.KmsKeyId);
        Assert.Equal(Key, d.RegionKmsKeys["us-west-2"]);
        Assert.Equal(["111111111111", "222222222222"], d.Sharing.Users);
        Assert.Equal(["abc123"], d.Sharing.ProductCodes);
        Assert.Equal(["333333333333"], d.Sharing.SnapshotUsers);
        Assert.False(d.SkipSaveBuildRegion);
    }

    [Fact]
    public void Public_sharing_and_no_options_read_as_expected()
    {
        using var kit = new PackerTestKit();
        var shared = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("\"ami_groups\": [\"all\"], \"snapshot_groups\": \"all\"")}}]}""").Builds[0].Distribution;
        Assert.Equal(["all"], shared.Sharing.Groups);
        Assert.Equal(["all"], shared.Sharing.SnapshotGroups);
        Assert.True(kit.Read($$"""{"builders": [{{PackerTestKit.Builder()}}]}""").Builds[0].Distribution.IsEmpty);
    }

    [Theory]
    [InlineData("\"ami_regions\": [\"us-west-2\", \"mars-north-1\"]", "t.json:1:", "builders[0].ami_regions[1]: ami_regions: 'mars-north-1' is not an AWS region")]
    [InlineData("\"region\": \"mars-north-1\"", "t.json:1:", "builders[0].region: 'mars-north-1' is not an AWS region")]
    [InlineData("\"ami_users\": [\"123456789012\", \"12345678901\"]", "t.json:1:", "builders[0].ami_users[1]: ami_users: '12345678901' is not an AWS account id (12 digits")]
    [InlineData("\"snapshot_users\": \"1234567890ab\"", "t.json:1:", "builders[0].snapshot_users: snapshot_users: '1234567890ab' is not an AWS account id")]
    [InlineData("\"encrypt_boot\": true, \"kms_key_id\": \"my-key\"", "t.json:1:", "builders[0].kms_key_id: kms_key_id: 'my-key' is not a KMS key id in any AWS form")]
    [InlineData("\"encrypt_boot\": true, \"ami_regions\": [\"us-west-2\"], \"region_kms_key_ids\": {\"us-west-2\": \"arn:aws:kms:us-west-2:1:key/x\"}", "t.json:1:", "region_kms_key_ids.us-west-2: 'arn:aws:kms:us-west-2:1:key/x' is not a KMS key id")]
    [InlineData("\"kms_key_id\": \"alias/x\"", "t.json:1:", "kms_key_id or region_kms_key_ids needs encrypt_boot set to true")]
    [InlineData("\"ami_regions\": [\"us-west-2\"], \"region_kms_key_ids\": {\"eu-west-1\": \"alias/x\"}, \"encrypt_boot\": true", "t.json:1:", "region eu-west-1 is in region_kms_key_ids but not in ami_regions")]
    [InlineData("\"ami_groups\": [\"friends\"]", "t.json:1:", "ami_groups: 'friends' is not a group: the only group is \"all\"")]
    [InlineData("\"encrypt_boot\": true, \"ami_users\": [\"123456789012\"]", "t.json:1:", "cannot be shared with other accounts")]
    [InlineData("\"encrypt_boot\": true, \"kms_key_id\": \"alias/k\", \"ami_groups\": [\"all\"]", "t.json:1:", "cannot be made public")]
    public void Mistakes_are_named_with_their_place(string options, string place, string message)
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems($$"""{"builders": [{{PackerTestKit.Builder(options)}}]}""");
        Assert.Contains(problems, p => p.StartsWith(place) && p.Contains(message));
    }

    [Theory]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("mrk-1234abcd12ab34cd56ef1234567890ab", true)]
    [InlineData("alias/aws/ebs", true)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/team", true)]
    [InlineData("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("my-key", false)]
    [InlineData("alias/", false)]
    [InlineData("arn:aws:kms:eu-west-1:1111:alias/team", false)]
    public void Kms_key_forms_are_those_aws_takes(string key, bool valid) => Assert.Equal(valid, Kiln.Core.Cloud.KmsKeyIds.IsValid(key));
}
