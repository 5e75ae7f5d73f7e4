using System.Collections;
using Kiln.Templates.Packer.Hcl;

namespace Kiln.Templates.Packer;

/// <summary>A Packer template in either language: `*.pkr.hcl`, `*.pkr.json` or a directory is HCL2 (as Packer
/// decides by name), anything else Packer's legacy JSON.</summary>
public static class PackerTemplates
{
    public static PackerBuildPlan Read(string target, IReadOnlyList<PackerVarArg> vars, PackerBuildFilter filter,
        TimeProvider clock, IDictionary environment, string? workingDirectory = null) =>
        PackerHclReader.IsHclTarget(target, workingDirectory)
            ? PackerHclReader.Read(target, vars, filter, clock, environment, workingDirectory)
            : PackerTemplateReader.Read(target, vars, filter, clock, environment, workingDirectory);
}
