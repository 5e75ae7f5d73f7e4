using Kiln.Core.Baking;

namespace Kiln.Templates.Packer.PostProcessors;

/// <summary>One post-processor of one build, run in template order after the build succeeded (as Packer runs
/// them: a failed build has no artifact to post-process).</summary>
public abstract record PackerPostProcessor
{
    public string Name { get; init; } = "";
}

/// <summary>Packer's `manifest`: appends the build's artifact to a JSON file (<see cref="PackerManifest"/>).</summary>
/// <param name="Output">Where the manifest goes (default packer-manifest.json), relative to the directory kiln runs in.</param>
/// <param name="CustomData">Rendered with user variables; Packer's build variables ({{ .SourceAMI }}…) are filled
/// once the build is done.</param>
public sealed record ManifestPostProcessor(string Output, bool StripPath, bool StripTime,
    IReadOnlyDictionary<string, string>? CustomData) : PackerPostProcessor;

/// <summary>Packer's `shell-local` post-processor: the provisioner's options, run on this machine after the build,
/// with the artifact in the environment (KILN_ARTIFACT_ID, as the manifest's artifact_id; PACKER_RUN_UUID).</summary>
public sealed record ShellLocalPostProcessor(ShellLocalProvisionerSpec Spec) : PackerPostProcessor;
