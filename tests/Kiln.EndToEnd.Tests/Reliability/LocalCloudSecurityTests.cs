using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>The local cloud starts containers as root: it answers only signed requests, and only on loopback.</summary>
[Collection(InputsCollection.Name)]
public sealed class LocalCloudSecurityTests(ReliabilityCloud cloud)
{
    [Fact]
    public async Task Unsigned_requests_are_refused_and_change_nothing()
    {
        var before = await cloud.SnapshotAsync();
        using var http = new HttpClient();
        foreach (var form in new[] { "Action=CreateKeyPair&KeyName=unsigned-key&Version=2016-11-15", "Action=DescribeImages&Version=2016-11-15" })
        {
            var answer = await http.PostAsync(cloud.Endpoint, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.True(answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{form}: {answer.StatusCode}");
            Assert.Contains("<Code>", await answer.Content.ReadAsStringAsync());
        }
        var query = await http.GetAsync(new Uri(cloud.Endpoint, "?Action=CreateKeyPair&KeyName=unsigned-key-2&Version=2016-11-15"));
        Assert.True(query.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, query.StatusCode.ToString());
        Assert.Equal(before, await cloud.SnapshotAsync());
    }

    [Theory]
    [InlineData("wrong secret key")]
    [InlineData("unknown access key")]
    public async Task Wrongly_signed_requests_are_refused_and_change_nothing(string how)
    {
        var right = cloud.Credentials;
        var credentials = how == "wrong secret key"
            ? new BasicAWSCredentials(right.AccessKey, right.SecretKey[..^4] + "AAAA")
            : new BasicAWSCredentials("AKIAAAAAAAAAAAAAAAAA", right.SecretKey);
        using var wrong = AwsCloudFactory.Create(new CloudSpec(CloudKind.Local, right.Region), cloud.Endpoint, credentials);
        var before = await cloud.SnapshotAsync();
        var refused = await Assert.ThrowsAsync<CloudException>(() =>
            wrong.CreateKeyPairAsync(new KeyPairName("wrongly-signed"), new Dictionary<string, string>(), CancellationToken.None));
        Assert.True(refused.StatusCode is 401 or 403, $"{refused.Code} {refused.StatusCode}");
        Assert.Contains(refused.Code, new[] { "AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId", "UnrecognizedClientException" });
        Assert.DoesNotContain(right.SecretKey, refused.Message);
        Assert.Equal(before, await cloud.SnapshotAsync());
    }

    [Fact]
    public void The_endpoint_listens_on_loopback_only()
    {
        var endpoint = cloud.Endpoint;
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(endpoint.Host)), endpoint.ToString());
        // The kernel's table of listening sockets: bound to 127.0.0.1 (0100007F), not to 0.0.0.0 or ::.
        var listening = ListeningAddresses(endpoint.Port);
        Assert.NotEmpty(listening);
        Assert.All(listening, a => Assert.True(IPAddress.IsLoopback(a), $"listening on {a}:{endpoint.Port}"));
        // And from this machine's other addresses, nothing answers on that port.
        var others = NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address).Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).ToList();
        foreach (var address in others)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.ThrowsAny<SocketException>(() => socket.Connect(new IPEndPoint(address, endpoint.Port)));
        }
    }

    /// <summary>Local addresses of sockets in LISTEN state (0A) on a port, from /proc/net/tcp and tcp6.</summary>
    private static List<IPAddress> ListeningAddresses(int port)
    {
        var found = new List<IPAddress>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] != "0A" || int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port) continue;
                var bytes = Convert.FromHexString(local[0]);
                // /proc prints each 32-bit word in host (little-endian) order.
                for (var i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
                found.Add(new IPAddress(bytes));
            }
        return found;
    }
}
