using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.KilnYml;

/// <summary>kiln.yml's regions:, share_with: and encrypt: become the bake's copies, sharing and encryption, checked
/// before anything is made.</summary>
public sealed class DistributionSectionTests
{
    private static readonly DateTimeOffset Now = new(2018, 3, 1, 12, 34, 56, TimeSpan.Zero);

    private static BakeRequest Request(string dir) => new("hoge", "dev", "api", dir, null, null, null, Now);

    private static ImageDistribution Read(string kilnYml)
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", kilnYml);
        return KilnConfigReader.Read(Request(dir.Path)).Spec.Distribution;
    }

    private static string Problems(string kilnYml)
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", kilnYml);
        return string.Join("\n", Assert.Throws<KilnInputException>(() => KilnConfigReader.Read(Request(dir.Path))).Problems);
    }

    [Fact]
    public void Without_them_nothing_is_copied_shared_or_encrypted() => Assert.True(Read("keep: 3\n").IsEmpty);

    [Fact]
    public void Regions_and_accounts_become_copies_launch_and_volume_permissions()
    {
        var d = Read("region: ap-northeast-1\nregions: [us-west-2, eu-west-1, ap-northeast-1, us-west-2]\nshare_with: ['123456789012', '210987654321']\n");
        Assert.Equal(["us-west-2", "eu-west-1"], d.Regions); // the build region and repeats dropped, order kept
        Assert.Equal(["123456789012", "210987654321"], d.Sharing.Users);
        Assert.Equal(d.Sharing.Users, d.Sharing.SnapshotUsers);
        Assert.False(d.Encrypt);
    }

    [Fact]
    public void Encrypt_takes_true_an_alias_for_every_region_or_a_key_per_region()
    {
        var plain = Read("regions: [us-west-2]\nencrypt: true\n");
        Assert.True(plain.Encrypt);
        Assert.Null(plain.KmsKeyId);
        Assert.Equal("", plain.RegionKmsKeys["us-west-2"]);

        var alias = Read("regions: [us-west-2]\nencrypt: alias/kiln\nshare_with: ['123456789012']\n");
        Assert.Equal("alias/kiln", alias.KmsKeyId);
        Assert.Equal("alias/kiln", alias.RegionKmsKeys["us-west-2"]);

        var perRegion = Read("region: ap-northeast-1\nregions: [us-west-2]\nencrypt: {ap-northeast-1: alias/home, us-west-2: alias/west}\n");
        Assert.Equal("alias/home", perRegion.KmsKeyId);
        Assert.Equal("alias/west", perRegion.RegionKmsKeys["us-west-2"]);
    }

    [Theory]
    [InlineData("regions: [mars-north-1]\n", "'mars-north-1' is not an AWS region")]
    [InlineData("share_with: ['12345']\n", "'12345' is not an AWS account id (12 digits)")]
    [InlineData("encrypt: not-a-key\n", "'not-a-key' is not a KMS key in any AWS form")]
    [InlineData("regions: [us-west-2]\nencrypt: true\nshare_with: ['123456789012']\n", "encrypted with EBS's default key cannot be shared")]
    [InlineData("regions: [us-west-2]\nencrypt: arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n", "belongs to ap-northeast-1")]
    [InlineData("regions: [us-west-2]\nencrypt: {ap-northeast-1: alias/home}\n", "give the key for region us-west-2 too")]
    [InlineData("cloud: local-gcp\nregions: [us-west-2]\n", "regions is for EC2 images")]
    public void Bad_values_are_named_before_anything_is_made(string kilnYml, string problem) => Assert.Contains(problem, Problems(kilnYml));
}
