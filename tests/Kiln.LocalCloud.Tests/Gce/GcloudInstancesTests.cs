using System.Text.Json;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>`gcloud compute instances …` and `compute ssh`: an instance is a container on its natIP, and ssh-keys
/// metadata gives users their key and passwordless sudo at boot and whenever it changes.</summary>
[Collection(GceCollection.Name)]
public sealed class GcloudInstancesTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task An_instance_from_a_family_takes_the_users_key_gives_sudo_follows_metadata_then_stops_and_goes()
    {
        using var gcloud = new Gcloud(cloud.Server);
        var carol = await KeyAsync(gcloud, "carol");
        var dave = await KeyAsync(gcloud, "dave");
        await gcloud.JsonAsync("compute", "instances", "create", "gi-keys", "--image-family", "debian-12", "--image-project", "debian-cloud",
            "--machine-type", "e2-small", "--metadata", $"ssh-keys=carol:{carol.Public}");
        var vm = await gcloud.JsonAsync("compute", "instances", "describe", "gi-keys");
        Assert.Equal("RUNNING", vm.GetProperty("status").GetString());
        var natIp = vm.GetProperty("networkInterfaces")[0].GetProperty("accessConfigs")[0].GetProperty("natIP").GetString()!;
        var sudo = await Ssh.WhenReadyAsync(natIp, carol.File, "sudo -n id -u", user: "carol");
        Assert.True(sudo.Ok, sudo.Stderr);
        Assert.Equal("0", sudo.Stdout.Trim());

        // A metadata change reaches the running instance before its operation is done: dave in, carol's key out.
        await gcloud.JsonAsync("compute", "instances", "add-metadata", "gi-keys", "--metadata", $"ssh-keys=dave:{dave.Public}");
        Assert.True((await Ssh.RunAsync(natIp, dave.File, "sudo -n true", user: "dave")).Ok);
        Assert.False((await Ssh.RunAsync(natIp, carol.File, "true", user: "carol")).Ok);

        await gcloud.JsonAsync("compute", "instances", "stop", "gi-keys");
        Assert.Equal("TERMINATED", (await gcloud.JsonAsync("compute", "instances", "describe", "gi-keys")).GetProperty("status").GetString());
        Assert.False((await Ssh.RunAsync(natIp, dave.File, "true", user: "dave")).Ok);
        // The stop halted the machine; the start boots it again, with the metadata's keys.
        await gcloud.JsonAsync("compute", "instances", "start", "gi-keys");
        Assert.Equal("RUNNING", (await gcloud.JsonAsync("compute", "instances", "describe", "gi-keys")).GetProperty("status").GetString());
        var again = await Ssh.WhenReadyAsync(natIp, dave.File, "sudo -n true", user: "dave");
        Assert.True(again.Ok, again.Stderr);
        await gcloud.JsonAsync("compute", "instances", "delete", "gi-keys");
        var (code, _, stderr) = await gcloud.RunAsync("compute", "instances", "describe", "gi-keys");
        Assert.NotEqual(0, code);
        Assert.Contains("was not found", stderr);
        Assert.DoesNotContain("gi-keys", Names(await gcloud.JsonAsync("compute", "disks", "list")));
    }

    [Fact]
    public async Task Gcloud_compute_ssh_adds_its_key_to_the_project_and_connects_as_the_user_with_sudo()
    {
        using var gcloud = new Gcloud(cloud.Server);
        await gcloud.JsonAsync("compute", "instances", "create", "gi-ssh", "--image-family", "debian-12", "--image-project", "debian-cloud");
        var (code, stdout, stderr) = await gcloud.RunAsync("compute", "ssh", "erin@gi-ssh", "--strict-host-key-checking=no",
            "--command", "sudo -n id -un");
        Assert.True(code == 0, stderr);
        // gcloud's ssh-keygen prints on stdout first; the command's answer is the last line.
        Assert.Equal("root", stdout.Trim().Split('\n')[^1]);
        var project = await gcloud.JsonAsync("compute", "project-info", "describe");
        var keys = project.GetProperty("commonInstanceMetadata").GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("key").GetString() == "ssh-keys").GetProperty("value").GetString();
        Assert.StartsWith("erin:ssh-", keys);
        await gcloud.JsonAsync("compute", "instances", "delete", "gi-ssh");
    }

    [Fact]
    public async Task A_kept_boot_disk_outlives_its_instance_becomes_an_image_and_is_then_deleted()
    {
        using var gcloud = new Gcloud(cloud.Server);
        var key = await KeyAsync(gcloud, "frank");
        await gcloud.JsonAsync("compute", "instances", "create", "gi-disk", "--image-family", "debian-12", "--image-project", "debian-cloud",
            "--no-boot-disk-auto-delete", "--metadata", $"ssh-keys=frank:{key.Public}");
        var natIp = (await gcloud.JsonAsync("compute", "instances", "describe", "gi-disk"))
            .GetProperty("networkInterfaces")[0].GetProperty("accessConfigs")[0].GetProperty("natIP").GetString()!;
        Assert.True((await Ssh.WhenReadyAsync(natIp, key.File, "sudo sh -c 'echo baked > /etc/kiln-gce-marker'", user: "frank")).Ok);

        // Still attached: the disk cannot go.
        var (inUse, _, inUseError) = await gcloud.RunAsync("compute", "disks", "delete", "gi-disk", "--zone", "us-central1-a");
        Assert.NotEqual(0, inUse);
        Assert.Contains("already being used", inUseError);

        await gcloud.JsonAsync("compute", "instances", "stop", "gi-disk");
        await gcloud.JsonAsync("compute", "instances", "delete", "gi-disk");
        var disk = (await gcloud.JsonAsync("compute", "disks", "list")).EnumerateArray().Single(d => d.GetProperty("name").GetString() == "gi-disk");
        Assert.False(disk.TryGetProperty("users", out _));
        await gcloud.JsonAsync("compute", "images", "create", "gi-disk-image", "--source-disk", "gi-disk", "--source-disk-zone", "us-central1-a");
        await gcloud.JsonAsync("compute", "disks", "delete", "gi-disk", "--zone", "us-central1-a");

        await gcloud.JsonAsync("compute", "instances", "create", "gi-disk-2", "--image", "gi-disk-image", "--metadata", $"ssh-keys=frank:{key.Public}");
        var second = (await gcloud.JsonAsync("compute", "instances", "describe", "gi-disk-2"))
            .GetProperty("networkInterfaces")[0].GetProperty("accessConfigs")[0].GetProperty("natIP").GetString()!;
        Assert.Equal("baked", (await Ssh.WhenReadyAsync(second, key.File, "cat /etc/kiln-gce-marker", user: "frank")).Stdout.Trim());
        await gcloud.JsonAsync("compute", "instances", "delete", "gi-disk-2");
        await gcloud.JsonAsync("compute", "images", "delete", "gi-disk-image");
        Assert.DoesNotContain("gi-disk", Names(await gcloud.JsonAsync("compute", "disks", "list")));
    }

    [Fact]
    public async Task Firewall_rules_are_created_listed_and_deleted()
    {
        using var gcloud = new Gcloud(cloud.Server);
        await gcloud.JsonAsync("compute", "firewall-rules", "create", "gfw-ssh", "--allow", "tcp:22", "--source-ranges", "127.0.0.1/32",
            "--target-tags", "kiln-bake");
        var rule = (await gcloud.JsonAsync("compute", "firewall-rules", "list", "--filter", "name=gfw-ssh")).EnumerateArray().Single();
        Assert.Equal("tcp", rule.GetProperty("allowed")[0].GetProperty("IPProtocol").GetString());
        Assert.Equal("22", rule.GetProperty("allowed")[0].GetProperty("ports")[0].GetString());
        Assert.Equal("kiln-bake", rule.GetProperty("targetTags")[0].GetString());
        var (again, _, againError) = await gcloud.RunAsync("compute", "firewall-rules", "create", "gfw-ssh", "--allow", "tcp:22");
        Assert.NotEqual(0, again);
        Assert.Contains("already exists", againError);
        await gcloud.JsonAsync("compute", "firewall-rules", "delete", "gfw-ssh");
        Assert.Empty((await gcloud.JsonAsync("compute", "firewall-rules", "list", "--filter", "name=gfw-ssh")).EnumerateArray());
    }

    private static async Task<(string File, string Public)> KeyAsync(Gcloud gcloud, string name)
    {
        var file = Path.Combine(gcloud.Home, name);
        var r = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file], CancellationToken.None);
        Assert.True(r.Ok, r.Stderr);
        return (file, (await File.ReadAllTextAsync(file + ".pub")).Trim());
    }

    private static List<string?> Names(JsonElement list) => list.ValueKind == JsonValueKind.Array
        ? list.EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList() : [];
}
