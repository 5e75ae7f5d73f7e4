using System.Net.Sockets;
using System.Text;
using Amazon.EC2.Model;
using Kiln.Aws;
using Kiln.Aws.AutoScaling;
using Kiln.Aws.ElbV2;
using TargetGroup = Kiln.Aws.ElbV2.TargetGroup;
using IpPermission = Amazon.EC2.Model.IpPermission;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.AutoScaling;

/// <summary>A small web fleet on the local cloud: a security group opening the web port, a launch template whose user
/// data serves the instance's image id over HTTP (python3's http.server), a target group listening on loopback.</summary>
public static class WebGroup
{
    public const int WebPort = 8000;

    public static string UserData => Convert.ToBase64String(Encoding.UTF8.GetBytes($"""
        #!/bin/sh
        mkdir -p /srv/www && cat /kiln-boot/meta-data/ami-id > /srv/www/index.html
        cd /srv/www && exec python3 -m http.server {WebPort} --bind 0.0.0.0
        """));

    public static async Task<(string TemplateId, TargetGroup TargetGroup, int ListenPort)> CreateAsync(AwsCloud aws, LocalCloudFixture cloud, string name)
    {
        var sg = await cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest($"{name}-web", "web"));
        await cloud.Ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = sg.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = WebPort, ToPort = WebPort, Ipv4Ranges = [new IpRange { CidrIp = "127.0.0.0/8" }] }],
        });
        var lt = await cloud.Ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = name,
            LaunchTemplateData = new RequestLaunchTemplateData { ImageId = cloud.BaseImageId, SecurityGroupIds = [sg.GroupId], UserData = UserData },
        });
        var port = FreePort();
        var tg = await aws.ElbV2.CreateTargetGroupAsync(new CreateTargetGroupRequest(name, "HTTP", WebPort)
        {
            Tags = new Dictionary<string, string> { ["kiln:listen"] = $"127.0.0.1:{port}" },
        }, CancellationToken.None);
        return (lt.LaunchTemplate.LaunchTemplateId, tg, port);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<string> GetAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return (await http.GetStringAsync($"http://127.0.0.1:{port}/")).Trim();
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(200);
        } while (DateTime.UtcNow < until);
        throw new TimeoutException($"{what}: not reached in {timeout.TotalSeconds} s (last: {last})");
    }
}
