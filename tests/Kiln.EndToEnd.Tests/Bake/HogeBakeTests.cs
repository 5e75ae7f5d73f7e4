using Kiln.Core;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>`kiln bake hoge dev api` of the article's playbook tree: what an instance of the new image holds, and
/// where the image came from.</summary>
[Collection(BakeCollection.Name)]
public sealed class HogeBakeTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task An_instance_of_the_baked_image_has_the_playbooks_files_and_no_temporary_key_and_the_image_records_its_lineage()
    {
        var dir = PlaybookTrees.HogeCopy(cloud.Home);
        var head = await PlaybookTrees.GitCommitAsync(dir);
        var account = BakeRun.NewAccount();

        // Mitogen: the fixture's 18 tasks take 12 s instead of 29 (ENVIRONMENT.md); the strategy is not the point here.
        var bake = (await BakeRun.RunAsync(cloud.Kiln, account, dir, "--ansible-strategy", "mitogen")).Succeeded();

        var image = await cloud.Cloud.ImageAsync(bake.Image);
        Assert.NotNull(image);
        Assert.Matches($@"^{account}-dev-api-base-\d{{8}}-\d{{4}}$", image.Name);
        var tags = CloudProbe.Tags(image.Tags);
        Assert.Equal($"{account}-dev-api-base", tags[KilnTags.Family]);
        Assert.Equal(cloud.BaseImageId, tags[KilnTags.SourceImage]);
        Assert.Equal(bake.Run, tags[KilnTags.RunId]);
        Assert.Equal(head, tags[KilnTags.PlaybookCommit]);
        Assert.Equal("false", tags[KilnTags.PlaybookDirty]);
        var version = (await cloud.Kiln.RunAsync("--version")).Stdout.Trim();
        Assert.Equal(version, $"kiln {tags[KilnTags.Version]}");

        await using var instance = await cloud.Cloud.LaunchAsync(bake.Image);
        Assert.Equal("env=dev\ngroup=dev-api\ncategory=api\n", await instance.RunAsync("cat /etc/image-role"));
        await instance.RunAsync("test -f /etc/nginx/sites-enabled/api.conf");
        Assert.Equal("api\n", await instance.RunAsync("cat /etc/td-agent/category"));
        Assert.Equal("600\n", await instance.RunAsync("sudo stat -c %a /opt/app/conf/db.conf"));
        // The image's authorized_keys held nothing: the only key now is the one this instance was launched with.
        var ours = (await RunAsync("ssh-keygen", "-y", "-f", instance.KeyFile)).Split(' ')[..2];
        var keys = (await instance.RunAsync("cat ~/.ssh/authorized_keys")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([string.Join(' ', ours)], keys.Select(k => string.Join(' ', k.Split(' ')[..2])));
    }

    [Fact]
    public async Task A_play_for_hosts_dev_api_provisions_the_host_and_relative_arguments_mean_the_playbook_directory()
    {
        const string task = "    - name: marker\n      copy: {dest: /etc/kiln-e2e-marker, content: \"{{ group }} {{ from_file }}\\n\"}\n";
        var tree = PlaybookTrees.Tiny(cloud.Home, task, hosts: "dev-api");
        // A path relative to the playbook directory, while kiln runs elsewhere (the tests run it in KILN_HOME):
        // ansible-playbook must run in the playbook directory to find it.
        Directory.CreateDirectory(Path.Combine(tree, "vars"));
        await File.WriteAllTextAsync(Path.Combine(tree, "vars", "extra.yml"), "from_file: read-from-vars\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "kiln.yml"), "ansible:\n  extra_arguments: [\"--extra-vars\", \"@vars/extra.yml\"]\n");

        var bake = (await BakeRun.RunAsync(cloud.Kiln, BakeRun.NewAccount(), tree)).Succeeded();

        // ansible-playbook exits 0 on "no hosts matched": only the file on the image shows the play ran.
        await using var instance = await cloud.Cloud.LaunchAsync(bake.Image);
        Assert.Equal("dev-api read-from-vars\n", await instance.RunAsync("cat /etc/kiln-e2e-marker"));
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output.Trim();
    }
}
