using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>`gcloud compute instance-templates …` and `instance-groups managed …`: a group keeps its size from its
/// template, names its instances base-4chars, runs their startup-script, recreates one that dies, and cannot lose the
/// template it uses.</summary>
[Collection(GceGroupsCollection.Name)]
public sealed partial class GcloudGroupsTests(LocalCloudFixture cloud)
{
    [GeneratedRegex("^gg-web-[a-z0-9]{4}$")]
    private static partial Regex MemberName();

    [Fact]
    public async Task A_group_keeps_its_size_from_its_template_runs_startup_scripts_recreates_a_dead_instance_and_holds_its_template()
    {
        using var gcloud = new Gcloud(cloud.Server);
        var zone = new[] { "--zone", "us-central1-a" };
        await gcloud.JsonAsync("compute", "firewall-rules", "create", "gg-allow-web", "--allow", $"tcp:{WebStartup.Port}");
        var script = WebStartup.Write(gcloud.Home);
        await gcloud.JsonAsync("compute", "instance-templates", "create", "gg-tpl-a", "--image-family", "debian-12", "--image-project",
            "debian-cloud", "--machine-type", "e2-small", "--metadata-from-file", $"startup-script={script}");
        Assert.Contains("gg-tpl-a", Names(await gcloud.JsonAsync("compute", "instance-templates", "list")));

        await gcloud.JsonAsync(["compute", "instance-groups", "managed", "create", "gg-web", "--template", "gg-tpl-a", "--size", "2", .. zone]);
        await StableAsync(gcloud, "gg-web");
        var members = await gcloud.JsonAsync(["compute", "instance-groups", "managed", "list-instances", "gg-web", .. zone]);
        Assert.Equal(2, members.GetArrayLength());
        foreach (var m in members.EnumerateArray())
        {
            var name = m.GetProperty("name").GetString()!;
            Assert.Matches(MemberName(), name);
            Assert.Equal("RUNNING", m.GetProperty("instanceStatus").GetString());
            var vm = await gcloud.JsonAsync(["compute", "instances", "describe", name, .. zone]);
            var ip = vm.GetProperty("networkInterfaces")[0].GetProperty("networkIP").GetString()!;
            // The startup script ran at boot and read the instance's metadata files.
            Assert.Equal($"{name} projects/kiln-local/global/instanceTemplates/gg-tpl-a", await WebStartup.WhenServingAsync(ip));
        }
        var described = await gcloud.JsonAsync(["compute", "instance-groups", "managed", "describe", "gg-web", .. zone]);
        Assert.True(described.GetProperty("status").GetProperty("isStable").GetBoolean());

        var (inUse, _, inUseError) = await gcloud.RunAsync("compute", "instance-templates", "delete", "gg-tpl-a");
        Assert.NotEqual(0, inUse);
        Assert.Contains("already being used", inUseError);

        // A member whose container goes is recreated under its name.
        var victim = members[0].GetProperty("name").GetString()!;
        var id = (await gcloud.JsonAsync(["compute", "instances", "describe", victim, .. zone])).GetProperty("id").GetString()!;
        await new PodmanClient().RemoveContainerAsync(cloud.Layout.ContainerName($"gce-{id}"), CancellationToken.None);
        // Waited on the API (a gcloud process per poll is seconds of CPU); gcloud then describes the new instance.
        using (var api = new GceHttp(cloud.Server))
            await WaitAsync(async () => await api.GetAsync($"projects/kiln-local/zones/us-central1-a/instances/{victim}") is (200, var vm)
                && vm.GetProperty("id").GetString() != id);
        Assert.NotEqual(id, (await gcloud.JsonAsync(["compute", "instances", "describe", victim, .. zone])).GetProperty("id").GetString());
        await StableAsync(gcloud, "gg-web");
        Assert.Equal(2, (await gcloud.JsonAsync(["compute", "instance-groups", "managed", "list-instances", "gg-web", .. zone])).GetArrayLength());

        await gcloud.JsonAsync(["compute", "instance-groups", "managed", "resize", "gg-web", "--size", "1", .. zone]);
        await StableAsync(gcloud, "gg-web");
        Assert.Equal(1, (await gcloud.JsonAsync(["compute", "instance-groups", "managed", "list-instances", "gg-web", .. zone])).GetArrayLength());

        await gcloud.JsonAsync(["compute", "instance-groups", "managed", "delete", "gg-web", .. zone]);
        Assert.DoesNotContain(Names(await gcloud.JsonAsync("compute", "instances", "list")), n => n.StartsWith("gg-web-", StringComparison.Ordinal));
        await gcloud.JsonAsync("compute", "instance-templates", "delete", "gg-tpl-a");
        await gcloud.JsonAsync("compute", "firewall-rules", "delete", "gg-allow-web");
        Assert.DoesNotContain("gg-tpl-a", Names(await gcloud.JsonAsync("compute", "instance-templates", "list")));
    }

    private static IEnumerable<string> Names(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("name").GetString()!);

    /// <summary>`wait-until --stable` prints its progress as text, not JSON.</summary>
    internal static async Task StableAsync(Gcloud gcloud, string group)
    {
        var (code, _, stderr) = await gcloud.RunAsync("compute", "instance-groups", "managed", "wait-until", group, "--stable", "--zone", "us-central1-a",
            "--timeout", "180");
        Assert.True(code == 0, stderr);
    }

    internal static async Task WaitAsync(Func<Task<bool>> done, int seconds = 90)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not done within {seconds} s");
            await Task.Delay(500);
        }
    }
}
