using System.Diagnostics;
using Amazon.EC2.Model;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.State;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Kiln.LocalCloud.Tests.Integration;

[Collection(LocalCloudCollection.Name)]
public sealed class RestartAndCycleTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    [Fact]
    public async Task Images_key_pairs_groups_and_templates_survive_a_restart_and_a_second_endpoint_sees_them()
    {
        await cloud.Ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "restart" });
        var group = await cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("restart", "kept"));
        await cloud.Ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "restart", LaunchTemplateData = new RequestLaunchTemplateData { ImageId = cloud.BaseImageId },
        });

        for (var round = 0; round < 2; round++)
        {
            // A second endpoint over the same KILN_HOME (as a second `kiln bake` process has), started and stopped.
            await using var other = await LocalCloudServer.StartAsync(cloud.Paths, null, CancellationToken.None);
            using var ec2 = LocalCloudFixture.Client(other.Endpoint, other.Credentials);
            Assert.Single((await ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { KeyNames = ["restart"] })).KeyPairs);
            Assert.Single((await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [group.GroupId] })).SecurityGroups);
            Assert.Single((await ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { LaunchTemplateNames = ["restart"] })).LaunchTemplates);
            Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [cloud.BaseImageId] })).Images);
        }
        Assert.True(await new PodmanClient().ImageExistsAsync(Setup.BaseImage.PodmanName, CancellationToken.None),
            "reconciling must never remove the shared base image");

        await cloud.Ec2.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateName = "restart" });
        await cloud.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId });
        await cloud.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = "restart" });
    }

    [Fact]
    public async Task Twenty_run_and_terminate_cycles_leave_no_container_address_or_state_behind()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await LocalCloudServer.StartAsync(cloud.Paths, null, new LocalCloudServerOptions(Clock: clock), CancellationToken.None);
        using var ec2 = LocalCloudFixture.Client(server.Endpoint, server.Credentials);
        var timer = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var run = await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = cloud.BaseImageId, MinCount = 1, MaxCount = 1 });
            var id = run.Reservation.Instances.Single().InstanceId;
            ids.Add(id);
            await ec2.TerminateInstancesAsync(new TerminateInstancesRequest([id]));
        }
        output.WriteLine($"20 RunInstances/TerminateInstances cycles: {timer.Elapsed.TotalSeconds:F1} s");

        var containers = await new PodmanClient().ListContainersAsync($"kiln.instance", CancellationToken.None);
        Assert.DoesNotContain(containers.Keys, name => ids.Any(id => name == $"kiln-{id}"));
        var state = new StateStore(cloud.Layout.StateDatabase);
        Assert.DoesNotContain(state.Read(tx => tx.All<AddressRecord>()), a => ids.Contains(a.InstanceId));
        Assert.All(ids, id => Assert.False(Directory.Exists(cloud.Layout.InstanceDirectory(id))));

        // Terminated instances stay listed for an hour, page by page, then they are gone from the state.
        var pages = 0;
        string? token = null;
        var listed = new List<string>();
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                MaxResults = 6, NextToken = token,
                Filters = [new Amazon.EC2.Model.Filter("instance-state-name", ["terminated"])],
            });
            listed.AddRange(page.Reservations.SelectMany(r => r.Instances).Select(i => i.InstanceId));
            token = page.NextToken;
            pages++;
        } while (token is not null);
        Assert.Superset(ids.ToHashSet(), listed.ToHashSet());
        Assert.True(pages >= 4, $"20 instances in pages of 6 take at least 4 pages, not {pages}");

        clock.Advance(InstanceStates.TerminatedVisibleFor + TimeSpan.FromMinutes(1));
        var after = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());
        Assert.DoesNotContain(after.Reservations ?? [], r => r.Instances.Any(i => ids.Contains(i.InstanceId)));
        Assert.DoesNotContain(state.Read(tx => tx.All<InstanceRecord>()), i => ids.Contains(i.Id));
    }
}
