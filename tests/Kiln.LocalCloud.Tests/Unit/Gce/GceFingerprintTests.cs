using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Tests.Unit.Gce;

public sealed class GceFingerprintTests
{
    [Theory]
    // gcloud decodes a fingerprint and sends it back URL-safe: '+' and '/' return as '-' and '_'.
    [InlineData("a+b/cdefgh4=", "a+b/cdefgh4=", true)]
    [InlineData("a-b_cdefgh4=", "a+b/cdefgh4=", true)]
    [InlineData("a-b_cdefgh5=", "a+b/cdefgh4=", false)]
    [InlineData(null, "a+b/cdefgh4=", false)]
    public void A_fingerprint_matches_in_either_base64_alphabet(string? given, string current, bool same) =>
        Assert.Equal(same, GceJson.SameFingerprint(given, current));

    [Fact]
    public void Every_new_fingerprint_survives_gclouds_url_safe_round_trip()
    {
        for (var i = 0; i < 200; i++)
        {
            var fingerprint = GceJson.NewFingerprint();
            var urlSafe = Convert.ToBase64String(Convert.FromBase64String(fingerprint)).Replace('+', '-').Replace('/', '_');
            Assert.True(GceJson.SameFingerprint(urlSafe, fingerprint), fingerprint);
        }
    }
}
