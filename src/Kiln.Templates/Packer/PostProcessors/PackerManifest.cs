using System.Text;
using System.Text.Json;

namespace Kiln.Templates.Packer.PostProcessors;

/// <summary>One entry of `builds` in Packer's packer-manifest.json (post-processor/manifest/artifact.go).</summary>
/// <param name="BuildTime">Unix seconds; 0 is left out of the file (strip_time), as Go's omitempty does.</param>
/// <param name="Files">null for an amazon-ebs build, which makes no files; Go writes a nil list as null.</param>
public sealed record ManifestBuild(string Name, string BuilderType, long BuildTime, IReadOnlyList<ManifestFile>? Files,
    string ArtifactId, string PackerRunUuid, IReadOnlyDictionary<string, string>? CustomData);

public sealed record ManifestFile(string Name, long Size);

/// <summary>Packer's manifest file: `{"builds": [...], "last_run_uuid": "..."}`, appended to across runs, byte for
/// byte as Packer 1.6.6 writes it. A run of the same UUID appends; with -force a run of another UUID starts the
/// file afresh. Fields Packer does not know are dropped when the file is rewritten, as Packer's own decode does.</summary>
public static class PackerManifest
{
    /// <summary>Appends <paramref name="build"/> to the manifest at <paramref name="path"/>, holding Packer's lock
    /// file (`PATH.lock`, created exclusively) so a Packer and a Kiln writing one manifest do not interleave.</summary>
    public static async Task AppendAsync(string path, ManifestBuild build, bool force, CancellationToken ct)
    {
        var lockPath = path + ".lock";
        var locked = false;
        // Packer tries three times, 0, 200 and 400 ms apart, then writes anyway; so does Kiln.
        for (var i = 0; i < 3 && !locked; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200 * i), ct);
            try { await using (new FileStream(lockPath, FileMode.CreateNew, FileAccess.ReadWrite)) locked = true; }
            catch (IOException) { }
        }
        try
        {
            var builds = new List<ManifestBuild>();
            var lastRun = "";
            if (File.Exists(path) && new FileInfo(path).Length > 0)
                (builds, lastRun) = Parse(await File.ReadAllBytesAsync(path, ct), path);
            if (force && lastRun != build.PackerRunUuid) builds.Clear();
            builds.Add(build);
            await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(Format(builds, build.PackerRunUuid)), ct);
        }
        finally
        {
            if (locked) File.Delete(lockPath);
        }
    }

    public static string Format(IReadOnlyList<ManifestBuild> builds, string lastRunUuid) =>
        new GoJson().Block('{', '}',
        [
            GoJson.Member("builds", w => w.Block('[', ']', builds.Select(b => (Action<GoJson>)(x => Build(x, b))).ToList())),
            GoJson.Member("last_run_uuid", w => w.String(lastRunUuid)),
        ]).ToString();

    private static void Build(GoJson w, ManifestBuild b)
    {
        var members = new List<Action<GoJson>>
        {
            GoJson.Member("name", x => x.String(b.Name)),
            GoJson.Member("builder_type", x => x.String(b.BuilderType)),
        };
        if (b.BuildTime != 0) members.Add(GoJson.Member("build_time", x => x.Number(b.BuildTime)));
        members.Add(GoJson.Member("files", x =>
        {
            if (b.Files is null) x.Raw("null");
            else x.Block('[', ']', b.Files.Select(f => (Action<GoJson>)(y => y.Block('{', '}',
                [GoJson.Member("name", z => z.String(f.Name)), GoJson.Member("size", z => z.Number(f.Size))]))).ToList());
        }));
        members.Add(GoJson.Member("artifact_id", x => x.String(b.ArtifactId)));
        members.Add(GoJson.Member("packer_run_uuid", x => x.String(b.PackerRunUuid)));
        members.Add(GoJson.Member("custom_data", x =>
        {
            // Go writes a map's keys sorted by their bytes.
            if (b.CustomData is null) x.Raw("null");
            else x.Block('{', '}', b.CustomData.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => GoJson.Member(kv.Key, y => y.String(kv.Value))).ToList());
        }));
        w.Block('{', '}', members);
    }

    /// <summary>Reads an existing manifest (Packer's or Kiln's). One that is not a manifest stops the post-processor,
    /// as in Packer ("Unable to parse content from …"), so a file of another kind is never overwritten.</summary>
    public static (List<ManifestBuild> Builds, string LastRunUuid) Parse(byte[] content, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            var builds = new List<ManifestBuild>();
            if (Get(root, "builds") is { ValueKind: JsonValueKind.Array } array)
                foreach (var b in array.EnumerateArray())
                    builds.Add(new ManifestBuild(Text(b, "name"), Text(b, "builder_type"),
                        Get(b, "build_time") is { ValueKind: JsonValueKind.Number } t ? t.GetInt64() : 0,
                        Get(b, "files") is { ValueKind: JsonValueKind.Array } files
                            ? files.EnumerateArray().Select(f => new ManifestFile(Text(f, "name"),
                                Get(f, "size") is { ValueKind: JsonValueKind.Number } s ? s.GetInt64() : 0)).ToList()
                            : null,
                        Text(b, "artifact_id"), Text(b, "packer_run_uuid"),
                        Get(b, "custom_data") is { ValueKind: JsonValueKind.Object } data
                            ? data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
                            : null));
            return (builds, Text(root, "last_run_uuid"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new IOException($"unable to parse the manifest {path}: {e.Message}; move it away or give the manifest post-processor another output", e);
        }
    }

    /// <summary>Go's decoder matches field names case-insensitively.</summary>
    private static JsonElement? Get(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"expected an object, got {e.ValueKind}");
        foreach (var p in e.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static string Text(JsonElement e, string name) =>
        Get(e, name) is { } v ? v.ValueKind == JsonValueKind.Null ? "" : v.GetString() ?? "" : "";
}
