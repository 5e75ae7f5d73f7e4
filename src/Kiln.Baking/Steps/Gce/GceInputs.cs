using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Steps.Gce;

/// <summary>What only Compute Engine checks, added to the input check's list: its name and label rules, and the
/// project, zone and machine type (read-only calls).</summary>
public static class GceInputs
{
    public static async Task<IEnumerable<string>> ProblemsAsync(BakeContext c, BakeState state, CancellationToken ct)
    {
        var spec = state.Spec;
        var problems = new List<string>();
        if (NameRules.GceNameProblem("image name", spec.ImageName) is { } name) problems.Add(name);
        if (spec.Family is { } family && NameRules.GceNameProblem("family", family.Name) is { } f) problems.Add(f);
        foreach (var (k, v) in spec.ImageTags.Concat(spec.RunTags))
            if (NameRules.GceLabelProblem(k, v) is { } label) problems.Add(label);
        problems.AddRange(await c.Images<IDiskImages>().LaunchProblemsAsync(spec.InstanceType, ct));
        return problems;
    }
}
