using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.LocalCloud.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>As EC2 does: a request dated more than 15 minutes from the endpoint's clock is RequestExpired (a captured
/// request cannot be replayed later), and a Query API's body must be signed (no UNSIGNED-PAYLOAD).</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class SigningWindowTests(LocalCloudFixture cloud)
{
    private const string Body = "Action=DescribeRegions&Version=2016-11-15";

    [Fact]
    public async Task A_hand_signed_request_dated_now_is_served()
    {
        var response = await SendAsync(DateTimeOffset.UtcNow, signedPayload: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(-20)]
    [InlineData(-60)]
    [InlineData(20)]
    [InlineData(365 * 24 * 60)]
    public async Task A_request_dated_more_than_15_minutes_away_is_RequestExpired(int minutes)
    {
        var response = await SendAsync(DateTimeOffset.UtcNow.AddMinutes(minutes), signedPayload: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>RequestExpired</Code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unsigned_payload_is_refused()
    {
        var response = await SendAsync(DateTimeOffset.UtcNow, signedPayload: false);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>AuthFailure</Code>", text);
        Assert.Contains("UNSIGNED-PAYLOAD", text);
    }

    [Fact]
    public async Task The_endpoints_request_clock_is_what_the_date_is_held_against()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        await using var ahead = await LocalCloudServer.StartAsync(cloud.Paths, null, new LocalCloudServerOptions(RequestClock: clock), CancellationToken.None);
        using var ec2 = LocalCloudFixture.Client(ahead.Endpoint, ahead.Credentials);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeRegionsAsync(new DescribeRegionsRequest()));
        Assert.Equal("RequestExpired", e.ErrorCode);
    }

    /// <summary>A DescribeRegions POST signed with SigV4 by hand, dated <paramref name="at"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(DateTimeOffset at, bool signedPayload)
    {
        var credentials = cloud.Server.Credentials;
        var endpoint = cloud.Server.Endpoint;
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payload = signedPayload ? SigV4.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Body))) : "UNSIGNED-PAYLOAD";
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["host"] = endpoint.Authority, ["x-amz-content-sha256"] = payload, ["x-amz-date"] = amzDate,
        };
        string[] signed = [.. headers.Keys.Order(StringComparer.Ordinal)];
        var canonical = SigV4.CanonicalRequest("POST", "/", "", SigV4.CanonicalHeaders(signed, h => [headers[h]]), signed, payload);
        var scope = $"{amzDate[..8]}/{credentials.Region}/ec2/aws4_request";
        var signature = SigV4.Sign(SigV4.SigningKey(credentials.SecretKey, amzDate[..8], credentials.Region, "ec2"),
            SigV4.StringToSign(amzDate, scope, canonical));
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payload);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={credentials.AccessKey}/{scope}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
        return await http.SendAsync(request);
    }
}
