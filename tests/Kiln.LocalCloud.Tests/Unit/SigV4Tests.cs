using Kiln.LocalCloud.Auth;

namespace Kiln.LocalCloud.Tests.Unit;

/// <summary>Against the worked example of AWS's SigV4 documentation (IAM ListUsers, 2015-08-30) and the encoding rules.</summary>
public sealed class SigV4Tests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void Canonical_request_string_to_sign_and_signature_match_the_documented_example()
    {
        var signed = new[] { "content-type", "host", "x-amz-date" };
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["host"] = "iam.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        };
        var canonical = SigV4.CanonicalRequest("GET", SigV4.CanonicalPath("/"), SigV4.CanonicalQuery("?Version=2010-05-08&Action=ListUsers"),
            SigV4.CanonicalHeaders(signed, h => [headers[h]]), signed,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Assert.Equal("""
            GET
            /
            Action=ListUsers&Version=2010-05-08
            content-type:application/x-www-form-urlencoded; charset=utf-8
            host:iam.amazonaws.com
            x-amz-date:20150830T123600Z

            content-type;host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """.ReplaceLineEndings("\n"), canonical);
        var toSign = SigV4.StringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);
        Assert.EndsWith("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", toSign);
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            SigV4.Sign(SigV4.SigningKey(Secret, "20150830", "us-east-1", "iam"), toSign));
    }

    [Fact]
    public void The_authorization_header_is_parsed_into_scope_and_signed_headers()
    {
        var a = SigV4.ParseAuthorization(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/ap-northeast-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=5D672D79");
        Assert.NotNull(a);
        Assert.Equal(("AKIDEXAMPLE", "ap-northeast-1", "ec2"), (a.AccessKey, a.Region, a.Service));
        Assert.Equal(["host", "x-amz-date"], a.SignedHeaders);
        Assert.Equal("5d672d79", a.Signature);
        Assert.Equal("20150830/ap-northeast-1/ec2/aws4_request", a.Scope);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AWS AKIDEXAMPLE:signature")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ec2, SignedHeaders=host, Signature=ab")]
    public void Anything_but_a_SigV4_header_is_not_an_authorization(string? header) =>
        Assert.Null(SigV4.ParseAuthorization(header));

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("~-_.", "~-_.")]
    [InlineData("tag:kiln:base", "tag%3Akiln%3Abase")]
    [InlineData("é", "%C3%A9")]
    public void Values_are_encoded_per_RFC_3986_with_upper_case_hex(string value, string encoded) =>
        Assert.Equal(encoded, SigV4.UriEncode(value));

    [Fact]
    public void Query_parameters_are_sorted_by_name_then_value_after_re_encoding() =>
        Assert.Equal("A=1&B=x%20y&b=2&b=3", SigV4.CanonicalQuery("b=3&B=x+y&b=2&A=1".Replace("+", "%20")));
}
