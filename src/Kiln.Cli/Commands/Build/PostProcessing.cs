using Kiln.Baking;
using Kiln.Baking.Processes;
using Kiln.Baking.Provisioners;
using Kiln.Core.Baking;
using Kiln.Templates.Engine;
using Kiln.Templates.Packer.PostProcessors;

namespace Kiln.Cli.Commands.Build;

/// <summary>Runs a successful build's post-processors in template order, as Packer does after its builder: each
/// gets the build's artifact (the images, as `region:ami-…` pairs).</summary>
internal static class PostProcessing
{
    /// <summary>Runs them; the first failure stops the rest and is returned (null: all done).</summary>
    public static async Task<string?> RunAsync(IReadOnlyList<PackerPostProcessor> postProcessors, BakeSpec spec, BakeResult result,
        string runUuid, bool force, TextWriter console, CancellationToken ct)
    {
        foreach (var pp in postProcessors)
        {
            try
            {
                switch (pp)
                {
                    case ManifestPostProcessor manifest:
                        console.WriteLine($"==> {spec.BuildName}: Running post-processor: {(pp.Name.Length > 0 ? pp.Name : "manifest")}");
                        await PackerManifest.AppendAsync(Path.GetFullPath(manifest.Output), Entry(manifest, spec, result, runUuid), force, ct);
                        break;
                    case ShellLocalPostProcessor local:
                        console.WriteLine($"==> {spec.BuildName}: Running post-processor: {(pp.Name.Length > 0 ? pp.Name : "shell-local")}");
                        await ShellLocal.RunAsync(local.Spec, spec.BuildName, spec.BuilderType, Environment(spec, result, runUuid),
                            Path.GetTempPath(), line => console.WriteLine($"==> {spec.BuildName} (shell-local): {line}"),
                            line => console.WriteLine($"    {spec.BuildName} (shell-local): {line}"), ct);
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ProcessFailedException)
            {
                return $"post-processor {(pp.Name.Length > 0 ? pp.Name : pp.GetType().Name)} failed: {e.Message}";
            }
        }
        return null;
    }

    /// <summary>What a shell-local post-processor finds in its environment besides {{.Vars}}: the artifact's id (Packer
    /// gives it none; its documentation points to the manifest, whose artifact_id this is) and Packer's PACKER_RUN_UUID,
    /// which Packer's own process environment carries.</summary>
    public static IReadOnlyDictionary<string, string> Environment(BakeSpec spec, BakeResult result, string runUuid) =>
        new Dictionary<string, string> { ["KILN_ARTIFACT_ID"] = ArtifactId(spec, result), ["PACKER_RUN_UUID"] = runUuid };

    /// <summary>The artifact's id as Packer prints it: amazon's `region:ami-…` per region, sorted, joined by commas;
    /// googlecompute's the image's name.</summary>
    public static string ArtifactId(BakeSpec spec, BakeResult result) => spec.Cloud.IsGce ? result.Image?.Value ?? ""
        : string.Join(',', Images(spec, result).Select(kv => $"{kv.Key}:{kv.Value}").Order(StringComparer.Ordinal));

    /// <summary>Every region's image of a successful build: the build region's (unless skip_save_build_region) and the copies.</summary>
    public static IReadOnlyDictionary<string, string> Images(BakeSpec spec, BakeResult result)
    {
        var images = result.Copies.ToDictionary(kv => kv.Key, kv => kv.Value.Value);
        if (result.BuildRegionImageKept && result.Image is { } id) images[spec.Cloud.Region] = id.Value;
        return images;
    }

    private static ManifestBuild Entry(ManifestPostProcessor manifest, BakeSpec spec, BakeResult result, string runUuid)
    {
        var custom = manifest.CustomData?.ToDictionary(kv => kv.Key, kv => BuildVariables.Render(kv.Value, name => name switch
        {
            "BuildRegion" => spec.Cloud.Region,
            "SourceAMI" => result.Source?.Value,
            "SourceAMIName" => result.SourceName,
            _ => null,
        }));
        return new ManifestBuild(spec.BuildName, spec.BuilderType, manifest.StripTime ? 0 : DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            null, ArtifactId(spec, result), runUuid, custom);
    }
}
