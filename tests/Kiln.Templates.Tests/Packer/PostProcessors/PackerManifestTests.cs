using System.Diagnostics;
using System.Text;
using Kiln.Templates.Packer.PostProcessors;
using Kiln.Templates.Tests.Oracle;

namespace Kiln.Templates.Tests.Packer.PostProcessors;

public class PackerManifestTests
{
    /// <summary>What Packer 1.6.6 wrote for a null build appended to a file holding the two builds before it
    /// (captured from `packer build` with the manifest post-processor).</summary>
    private const string PackerWrote = """
        {
          "builds": [
            {
              "name": "x",
              "builder_type": "amazon-ebs",
              "build_time": 5,
              "files": null,
              "artifact_id": "r:ami-1",
              "packer_run_uuid": "u",
              "custom_data": null
            },
            {
              "name": "y",
              "builder_type": "b",
              "files": [],
              "artifact_id": "",
              "packer_run_uuid": "",
              "custom_data": {}
            },
            {
              "name": "nb",
              "builder_type": "null",
              "build_time": 1796341203,
              "files": null,
              "artifact_id": "Null",
              "packer_run_uuid": "50c208a8-6f5a-4e8f-46ac-e8f5ddd33b93",
              "custom_data": {
                "a": "é\u2028\u0001",
                "z": "\u003c\u0026\u003e"
              }
            }
          ],
          "last_run_uuid": "50c208a8-6f5a-4e8f-46ac-e8f5ddd33b93"
        }
        """;

    [Fact]
    public void The_file_is_written_byte_for_byte_as_packer_writes_it()
    {
        var (builds, last) = PackerManifest.Parse(Encoding.UTF8.GetBytes(PackerWrote), "m.json");
        Assert.Equal(3, builds.Count);
        Assert.Equal("50c208a8-6f5a-4e8f-46ac-e8f5ddd33b93", last);
        Assert.Equal(PackerWrote, PackerManifest.Format(builds, last));
    }

    [Fact]
    public async Task Builds_append_and_force_starts_afresh_only_for_another_run()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "m.json");
        ManifestBuild Build(string name, string run) => new(name, "amazon-ebs", 1700000000, null, $"ap-northeast-1:ami-{name}", run, null);

        await PackerManifest.AppendAsync(path, Build("a", "run-1"), force: false, CancellationToken.None);
        await PackerManifest.AppendAsync(path, Build("b", "run-2"), force: false, CancellationToken.None);
        await PackerManifest.AppendAsync(path, Build("c", "run-2"), force: true, CancellationToken.None);
        Assert.Equal(["a", "b", "c"], PackerManifest.Parse(File.ReadAllBytes(path), path).Builds.Select(b => b.Name));

        await PackerManifest.AppendAsync(path, Build("d", "run-3"), force: true, CancellationToken.None);
        var (builds, last) = PackerManifest.Parse(File.ReadAllBytes(path), path);
        Assert.Equal(["d"], builds.Select(b => b.Name));
        Assert.Equal("run-3", last);
        Assert.False(File.Exists(path + ".lock"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_manifest_is_left_alone()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "m.json");
        File.WriteAllText(path, "not json");
        var e = await Assert.ThrowsAsync<IOException>(() =>
            PackerManifest.AppendAsync(path, new ManifestBuild("a", "amazon-ebs", 1, null, "r:ami-1", "u", null), false, CancellationToken.None));
        Assert.Contains("unable to parse the manifest", e.Message);
        Assert.Equal("not json", File.ReadAllText(path));
    }

    /// <summary>Packer 1.6.6 itself reads Kiln's manifest and appends to it (its post-processor decodes the file first
    /// and stops with "Unable to parse content" otherwise), and its rewrite leaves Kiln's entries byte for byte as
    /// Kiln wrote them; then Kiln appends to Packer's file and leaves Packer's entry as Packer wrote it.</summary>
    [PackerFact]
    public async Task Packer_reads_and_extends_kilns_manifest_and_kiln_extends_packers()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "packer-manifest.json");
        var kiln = new ManifestBuild("web", "amazon-ebs", 1796341000, null, "ap-northeast-1:ami-0a1b,us-east-1:ami-0c2d",
            "7d1f0a56-1111-4222-8333-944455556666", new Dictionary<string, string> { ["team"] = "<web & co>", ["é"] = "ü\t" });
        await PackerManifest.AppendAsync(path, kiln, force: false, CancellationToken.None);
        var kilnText = File.ReadAllText(path);

        dir.Write("n.json", """{"builders": [{"type": "null", "communicator": "none", "name": "nb"}], "post-processors": ["manifest"]}""");
        var psi = new ProcessStartInfo("packer", ["build", "-color=false", "n.json"]) { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["CHECKPOINT_DISABLE"] = "1";
        using (var packer = Process.Start(psi)!)
        {
            var output = await packer.StandardOutput.ReadToEndAsync() + await packer.StandardError.ReadToEndAsync();
            await packer.WaitForExitAsync();
            Assert.True(packer.ExitCode == 0, output);
        }
        var packerText = File.ReadAllText(path);
        var (builds, last) = PackerManifest.Parse(File.ReadAllBytes(path), path);
        Assert.Equal(["web", "nb"], builds.Select(b => b.Name));
        // Packer's file with its own entry taken out is Kiln's file, byte for byte.
        Assert.Equal(kilnText, PackerManifest.Format([builds[0]], kiln.PackerRunUuid));
        Assert.Equal(packerText, PackerManifest.Format(builds, last));

        await PackerManifest.AppendAsync(path, kiln with { Name = "again", PackerRunUuid = last }, force: false, CancellationToken.None);
        var final = File.ReadAllText(path);
        Assert.StartsWith(packerText[..packerText.LastIndexOf("\n  ],", StringComparison.Ordinal)], final);
    }
}
