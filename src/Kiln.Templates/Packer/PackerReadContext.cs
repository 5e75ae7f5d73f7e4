using Kiln.Core.Baking;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Packer;

/// <summary>State shared by the readers of one template: where relative paths start, what was found wrong,
/// and which values are secret.</summary>
internal sealed class PackerReadContext(string workingDirectory, string templateDirectory, CloudKind cloud, DateTimeOffset now)
{
    public Problems Problems { get; } = new();
    public List<string> Warnings { get; } = [];
    public List<string> Secrets { get; } = [];
    public string WorkingDirectory => workingDirectory;
    public string TemplateDirectory => templateDirectory;
    public CloudKind Cloud => cloud;
    public DateTimeOffset Now => now;
    /// <summary>SSH_AUTH_SOCK of the environment the build runs in (ssh_agent_auth); null when unset.</summary>
    public string? AgentSocket { get; init; }

    public void Warn(string warning)
    {
        if (!Warnings.Contains(warning)) Warnings.Add(warning);
    }

    /// <summary>Packer resolves file options against the directory it runs in (`filepath.Abs`), not the template's.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, workingDirectory);

    /// <summary>The option's file as an absolute path, or null with a problem when it does not exist.</summary>
    public string? ExistingFile(ConfigNode node, string option, string? path) => Existing(node, option, path, directory: false);

    /// <summary>The option's directory as an absolute path, or null with a problem when it does not exist.</summary>
    public string? ExistingDirectory(ConfigNode node, string option, string? path) => Existing(node, option, path, directory: true);

    private string? Existing(ConfigNode node, string option, string? path, bool directory)
    {
        if (path is null) return null;
        var (what, other) = directory ? ("directory", "file") : ("file", "directory");
        if (path.Length == 0) { Problems.At(node, $"{option} is empty: give a {what} path"); return null; }
        var full = FullPath(path);
        if (directory ? Directory.Exists(full) : File.Exists(full)) return full;
        Problems.At(node, (directory ? File.Exists(full) : Directory.Exists(full))
            ? $"{option} '{path}' is a {other}, not a {what}"
            : $"{option} '{path}' does not exist (looked for {full}; relative paths start in the directory kiln runs in, as in Packer)");
        return null;
    }

    /// <summary>An option reader whose strings are rendered as templates in <paramref name="template"/>, decoding
    /// values as Packer does (<see cref="PackerDecoding"/>).</summary>
    public OptionReader Options(ConfigMap map, string owner, TemplateContext template) =>
        new(map, Problems, owner, scalar => Render(scalar, template), packer: true);

    public string? Render(ConfigScalar scalar, TemplateContext template)
    {
        try { return TemplateRenderer.Render(scalar.Value ?? "", template); }
        catch (TemplateException e) { Problems.At(scalar, e.Message); return null; }
    }
}
