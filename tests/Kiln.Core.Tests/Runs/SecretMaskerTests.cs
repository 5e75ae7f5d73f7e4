using Kiln.Core.Runs;

namespace Kiln.Core.Tests.Runs;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Every_occurrence_is_hidden_and_a_secret_holding_another_is_hidden_whole()
    {
        var masker = new SecretMasker();
        masker.Add("hunter2pass");
        masker.Add("hunter2pass-extended");
        Assert.Equal("a *** b *** c", masker.Mask("a hunter2pass-extended b hunter2pass c"));
    }

    [Fact]
    public void Each_line_of_a_multi_line_secret_is_a_secret()
    {
        var masker = new SecretMasker();
        masker.Add("-----BEGIN KEY-----\nAAAAsecretbody\n-----END KEY-----\n");
        Assert.DoesNotContain("AAAAsecretbody", masker.Mask("key line: AAAAsecretbody"));
    }

    [Fact]
    public void Values_under_four_characters_are_not_masked()
    {
        var masker = new SecretMasker();
        masker.Add("1");
        masker.Add("abc");
        Assert.Equal("1 abc", masker.Mask("1 abc"));
    }

    [Fact]
    public void Text_without_secrets_is_unchanged() => Assert.Equal("plain", new SecretMasker().Mask("plain"));

    [Theory]
    [InlineData("plain", "Vault+Pass/word=1")]
    [InlineData("upper", "VAULT+PASS/WORD=1")]
    [InlineData("lower", "vault+pass/word=1")]
    [InlineData("base64 (Ansible's b64encode)", "VmF1bHQrUGFzcy93b3JkPTE=")]
    [InlineData("base64 without padding", "VmF1bHQrUGFzcy93b3JkPTE")]
    [InlineData("URL-encoded (urlencode)", "Vault%2BPass%2Fword%3D1")]
    [InlineData("form-encoded", "Vault%2bPass%2fword%3d1")]
    public void The_usual_encodings_of_a_secret_are_masked_too(string form, string shown)
    {
        var masker = new SecretMasker();
        masker.Add("Vault+Pass/word=1");
        Assert.True(masker.Mask($"ok: [{shown}]") == "ok: [***]", $"{form}: {masker.Mask($"ok: [{shown}]")}");
    }

    [Fact]
    public void A_slice_of_a_secret_is_not_caught_as_the_docs_say() =>
        Assert.Equal("Vault+Pa", Mask("Vault+Pass/word=1", "Vault+Pa"));

    private static string Mask(string secret, string text)
    {
        var masker = new SecretMasker();
        masker.Add(secret);
        return masker.Mask(text);
    }
}
