using Amazon.EC2.Model;
using Kiln.LocalCloud.Podman;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>What an endpoint's start makes of podman and state disagreeing, as a crash or a reboot leaves them. The
/// second endpoint over the same home is what the next kiln command starts; its clock says how much later that is.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class ReconcilerTests(LocalCloudFixture cloud)
{
    private readonly PodmanClient _podman = new();

    [Fact]
    public async Task An_instance_whose_container_vanished_is_terminated_with_the_cause()
    {
        var id = await RunAsync();
        await _podman.RemoveContainerAsync(cloud.Layout.ContainerName(id), CancellationToken.None);

        var instance = await AfterRestartAsync(id, TimeSpan.FromMinutes(1));
        Assert.Equal("terminated", instance.State.Name.Value);
        Assert.Contains("container is gone", instance.StateReason?.Message ?? instance.StateTransitionReason);
    }

    [Fact]
    public async Task An_instance_younger_than_the_listing_is_left_alone()
    {
        var id = await RunAsync();
        await _podman.RemoveContainerAsync(cloud.Layout.ContainerName(id), CancellationToken.None);

        // Its row is a moment old: another process may be between writing it and `podman run`.
        var instance = await AfterRestartAsync(id, TimeSpan.Zero);
        Assert.Equal("running", instance.State.Name.Value);
        await cloud.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest([id]));
    }

    [Fact]
    public async Task A_container_that_stopped_by_itself_makes_its_instance_stopped()
    {
        var id = await RunAsync();
        await _podman.StopAsync(cloud.Layout.ContainerName(id), CancellationToken.None);

        var instance = await AfterRestartAsync(id, TimeSpan.FromMinutes(1));
        Assert.Equal("stopped", instance.State.Name.Value);
        await cloud.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest([id]));
        Assert.DoesNotContain(cloud.Layout.ContainerName(id), await Podman.ContainersOf(cloud));
    }

    [Fact]
    public async Task A_container_of_this_home_that_no_instance_owns_is_removed_and_another_homes_is_not()
    {
        var mine = $"kiln-i-orphan{Random.Shared.Next():x8}";
        var theirs = $"kiln-test-other-home-{Random.Shared.Next():x8}";
        await StartIdleContainerAsync(mine, cloud.Layout.HomeHash);
        await StartIdleContainerAsync(theirs, "0123456789ab");
        try
        {
            await AfterRestartAsync(null, TimeSpan.FromMinutes(1));
            Assert.DoesNotContain(mine, await Podman.ContainersOf(cloud));
            Assert.NotNull(await _podman.ContainerStateAsync(theirs, CancellationToken.None));
        }
        finally
        {
            await _podman.RemoveContainerAsync(mine, CancellationToken.None);
            await _podman.RemoveContainerAsync(theirs, CancellationToken.None);
        }
    }

    private readonly Dictionary<string, DateTimeOffset> _launched = [];

    private async Task<string> RunAsync()
    {
        var run = await cloud.Ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = cloud.BaseImageId, MinCount = 1, MaxCount = 1 });
        var instance = run.Reservation.Instances.Single();
        _launched[instance.InstanceId] = new DateTimeOffset(DateTime.SpecifyKind(instance.LaunchTime!.Value.ToUniversalTime(), DateTimeKind.Utc));
        return instance.InstanceId;
    }

    /// <summary>Starts a second endpoint <paramref name="later"/> after the instance's launch (after now without one)
    /// and describes the instance through it. The clock counts from the launch, not from the moment the test gets
    /// here, so a slow machine does not age the row.</summary>
    private async Task<Instance> AfterRestartAsync(string? id, TimeSpan later)
    {
        var clock = new FakeTimeProvider((id is null ? DateTimeOffset.UtcNow : _launched[id]) + later);
        await using var next = await LocalCloudServer.StartAsync(cloud.Paths, null, new LocalCloudServerOptions(Clock: clock), CancellationToken.None);
        if (id is null) return new Instance();
        using var ec2 = LocalCloudFixture.Client(next.Endpoint, next.Credentials);
        var found = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] });
        return found.Reservations.Single().Instances.Single();
    }

    private async Task StartIdleContainerAsync(string name, string homeHash) =>
        await _podman.CheckAsync(["run", "-d", "--name", name, "--label", $"kiln.home={homeHash}", "--runtime", "runc",
            Setup.BaseImage.PodmanName, "sleep", "300"], CancellationToken.None);
}
