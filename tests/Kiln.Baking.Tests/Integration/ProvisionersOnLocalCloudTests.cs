using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Runs;

namespace Kiln.Baking.Tests.Integration;

/// <summary>Shell and file provisioners over real sshd, and Packer's force_deregister, which replaces a same-named
/// image only once provisioning succeeded.</summary>
[Collection(LocalCloudCollection.Name)]
public class ProvisionersOnLocalCloudTests(LocalCloudFixture cloud) : IAsyncLifetime
{
    private readonly TestFamilies _families = new(cloud);

    private Family NewFamily() => _families.New();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _families.DropAsync();

    [Fact]
    public async Task File_and_shell_provisioners_move_files_both_ways_and_force_deregister_replaces_only_after_success()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var family = NewFamily();
        var work = Directory.CreateTempSubdirectory("kiln-prov-").FullName;
        var upload = Path.Combine(work, "conf");
        Directory.CreateDirectory(Path.Combine(upload, "sub"));
        await File.WriteAllTextAsync(Path.Combine(upload, "app.conf"), "port=8080\n");
        await File.WriteAllTextAsync(Path.Combine(upload, "sub", "deep.txt"), "deep\n");
        var single = Path.Combine(work, "motd");
        await File.WriteAllTextAsync(single, "welcome\n");
        var downloaded = Path.Combine(work, "back", "hostname.txt");

        var first = await Bakes.RunAsync(cloud, Bakes.Spec(family, new SourceSelector.BaseImage(), [new ShellProvisionerSpec { Inline = ["true"] }]), cts.Token);
        Assert.True(first.Result.Succeeded, first.Result.Error);

        ProvisionerSpec[] provisioners =
        [
            new FileProvisionerSpec { Sources = [upload], Destination = "/tmp/up/" },
            new FileProvisionerSpec { Sources = [upload + "/"], Destination = "/tmp/contents" },
            new FileProvisionerSpec { Sources = [single], Destination = "/tmp/single/" },
            new ShellProvisionerSpec
            {
                Inline = ["cat /tmp/up/conf/app.conf /tmp/up/conf/sub/deep.txt /tmp/contents/app.conf /tmp/single/motd",
                    "echo \"greeting=$GREETING build=$PACKER_BUILD_NAME\"", "hostname > /tmp/hostname.txt"],
                EnvironmentVars = ["GREETING=it's here"],
            },
            new FileProvisionerSpec { Sources = ["/tmp/hostname.txt"], Destination = downloaded, Direction = "download" },
        ];
        var replacing = Bakes.Spec(family, new SourceSelector.BaseImage(), provisioners) with { ImageName = first.Result.ImageName, ForceDeregister = true, ForceDeleteSnapshot = true };
        var second = await Bakes.RunAsync(cloud, replacing, cts.Token);

        Assert.True(second.Result.Succeeded, second.Result.Error);
        var shell = second.Log.Where(l => l.Stream == "shell").Select(l => l.Text).ToList();
        Assert.Equal(["port=8080", "deep", "port=8080", "welcome", "greeting=it's here build=amazon-ebs"], shell);
        Assert.False(string.IsNullOrWhiteSpace(await File.ReadAllTextAsync(downloaded)));
        var old = await cloud.Cloud.GetImageAsync(first.Result.Image!.Value, CancellationToken.None);
        Assert.True(old is null || old.State == ImageState.Deregistered, "force_deregister left the old image");

        // A failing provisioner never reaches create image: the image of that name stays.
        var failing = replacing with { Provisioners = [new ShellProvisionerSpec { Inline = ["echo about to fail", "exit 3"] }] };
        var third = await Bakes.RunAsync(cloud, failing, cts.Token);
        Assert.Equal(RunOutcome.Failed, third.Result.Outcome);
        Assert.Contains("exited with code 3", third.Result.Error);
        var kept = await cloud.Cloud.GetImageAsync(second.Result.Image!.Value, CancellationToken.None);
        Assert.Equal(ImageState.Available, kept?.State);
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, third.Result.Run, "no-such-image"));
    }

    [Fact]
    public async Task An_instance_that_dies_during_provisioning_fails_the_bake_with_the_cause_and_leaves_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var spec = Bakes.Spec(NewFamily(), new SourceSelector.BaseImage(),
            [new ShellProvisionerSpec { Inline = ["echo working", "sleep 60"] }]);
        string? instance = null;
        Task? kill = null;
        var outcome = await Bakes.RunAsync(cloud, spec, cts.Token, (stream, text) =>
        {
            if (text.StartsWith("Launched instance ", StringComparison.Ordinal)) instance = text.Split(' ')[2];
            if (stream == "shell" && text == "working" && instance is not null)
                kill = cloud.Cloud.TerminateInstanceAsync(new Kiln.Core.InstanceId(instance), CancellationToken.None);
        });

        Assert.NotNull(kill);
        await kill;
        Assert.Equal(RunOutcome.Failed, outcome.Result.Outcome);
        Assert.Contains($"the instance {instance} is", outcome.Result.Error);
        Assert.Contains($"the instance {instance} is", outcome.Record.Run.Error);
        Assert.Empty(await Bakes.LeftoversAsync(cloud.Cloud, outcome.Result.Run, spec.ImageName));
        Assert.All(outcome.Record.Resources, r => Assert.Equal(CleanupState.Cleaned, r.State));
    }
}
