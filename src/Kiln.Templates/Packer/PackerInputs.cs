using Kiln.Core.Baking;

namespace Kiln.Templates.Packer;

/// <summary>A `-var NAME=VALUE` or `-var-file FILE` argument; their order on the command line decides which wins.</summary>
public abstract record PackerVarArg
{
    public sealed record Var(string Name, string Value) : PackerVarArg
    {
        public override string ToString() => $"-var {Name}=…";
    }

    public sealed record VarFile(string Path) : PackerVarArg;
}

/// <summary>`-only` and `-except`: builder names (comma-separated lists on the command line).</summary>
public sealed record PackerBuildFilter(IReadOnlyList<string> Only, IReadOnlyList<string> Except)
{
    public static readonly PackerBuildFilter None = new([], []);
}

/// <summary>What a Packer template resolves to: one bake per selected builder, the values to mask in every log
/// (sensitive variables, secret_key, vault passwords), and warnings for options accepted without effect.</summary>
public sealed record PackerBuildPlan(IReadOnlyList<BakeSpec> Builds, IReadOnlyList<string> Secrets, IReadOnlyList<string> Warnings)
{
    /// <summary>Packer's `manifest` post-processor, by build name: written after the build succeeds.</summary>
    public IReadOnlyDictionary<string, PackerManifestSpec> Manifests { get; init; } = new Dictionary<string, PackerManifestSpec>();
}

/// <summary>The `manifest` post-processor: Packer's manifest JSON (builds appended, last_run_uuid) at Output.</summary>
public sealed record PackerManifestSpec(string Output, bool StripPath, bool StripTime, IReadOnlyDictionary<string, string> CustomData, string Name, string BuilderType);
