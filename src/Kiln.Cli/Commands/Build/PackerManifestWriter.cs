using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Baking;
using Kiln.Templates.Packer;

namespace Kiln.Cli.Commands.Build;

/// <summary>Packer's `manifest` post-processor: appends the build to the manifest JSON (creating it), with
/// `artifact_id` REGION:AMI and `last_run_uuid`, as Packer writes it.</summary>
public static class PackerManifestWriter
{
    public static void Append(PackerManifestSpec spec, string region, BakeResult result, TimeProvider clock)
    {
        JsonObject root;
        try { root = File.Exists(spec.Output) ? JsonNode.Parse(File.ReadAllText(spec.Output)) as JsonObject ?? [] : []; }
        catch (JsonException) { root = []; }
        if (root["builds"] is not JsonArray builds) root["builds"] = builds = [];
        var custom = new JsonObject();
        foreach (var (k, v) in spec.CustomData) custom[k] = v;
        builds.Add(new JsonObject
        {
            ["name"] = spec.Name,
            ["builder_type"] = spec.BuilderType,
            ["build_time"] = spec.StripTime ? 0 : clock.GetUtcNow().ToUnixTimeSeconds(),
            ["files"] = null,
            ["artifact_id"] = $"{region}:{result.Image}",
            ["packer_run_uuid"] = result.Run.Value,
            ["custom_data"] = spec.CustomData.Count == 0 ? null : custom,
        });
        root["last_run_uuid"] = result.Run.Value;
        var directory = Path.GetDirectoryName(spec.Output);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        File.WriteAllText(spec.Output, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
