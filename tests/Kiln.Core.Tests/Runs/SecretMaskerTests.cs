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
}
