using Kiln.Core.Baking;

namespace Kiln.Templates.KilnYml;

/// <summary>`kiln bake ACCOUNT ENV CATEGORY [--dir DIR] [--source IMAGE] [--keep N]`: flags override kiln.yml.</summary>
/// <param name="SourceImage">An image id (ami-…) or an image name; null: the newest image of the family.</param>
/// <param name="Now">The bake's time: the image name's `{YYYYMMDD-HHMM}` (UTC).</param>
/// <param name="ExtraVars">A server job's `extra_vars:`, passed after kiln.yml's own.</param>
public sealed record BakeRequest(string Account, string Env, string Category, string Directory,
    string? SourceImage, int? Keep, AnsibleStrategy? AnsibleStrategy, DateTimeOffset Now,
    IReadOnlyDictionary<string, string>? ExtraVars = null);

/// <summary>A validated bake and the values every log must mask (vault passwords).</summary>
public sealed record KilnBakePlan(BakeSpec Spec, IReadOnlyList<string> Secrets);
