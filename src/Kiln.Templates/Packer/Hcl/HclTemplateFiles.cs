using Kiln.Core;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>What `kiln build TARGET` reads in HCL2 mode: one `.pkr.hcl`/`.pkr.json` file, or every such file of a
/// directory with its `*.auto.pkrvars.hcl`/`*.auto.pkrvars.json` (lexical order, as Packer loads them).</summary>
internal sealed record HclTemplateFiles(string RootDirectory, IReadOnlyList<string> Templates, IReadOnlyList<string> AutoVarFiles)
{
    private const int MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>True when <paramref name="target"/> is read as HCL2: a directory, `*.pkr.hcl` or `*.pkr.json`.</summary>
    public static bool IsHcl(string target, string cwd)
    {
        var full = Path.GetFullPath(target, cwd);
        return target.EndsWith(".pkr.hcl", StringComparison.Ordinal) || target.EndsWith(".pkr.json", StringComparison.Ordinal)
               || Directory.Exists(full);
    }

    public static HclTemplateFiles Find(string target, string cwd)
    {
        var full = Path.GetFullPath(target, cwd);
        if (Directory.Exists(full))
        {
            var all = Directory.GetFiles(full).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var templates = all.Where(f => f!.EndsWith(".pkr.hcl", StringComparison.Ordinal) || f.EndsWith(".pkr.json", StringComparison.Ordinal))
                               .Select(f => Path.Combine(target, f!)).ToList();
            var auto = all.Where(f => f!.EndsWith(".auto.pkrvars.hcl", StringComparison.Ordinal) || f.EndsWith(".auto.pkrvars.json", StringComparison.Ordinal))
                          .Select(f => Path.Combine(target, f!)).ToList();
            if (templates.Count == 0)
                throw new KilnInputException($"'{target}' holds no *.pkr.hcl or *.pkr.json file: give a template file or a directory of them");
            return new HclTemplateFiles(full, templates, auto);
        }
        if (!File.Exists(full)) throw new KilnInputException($"template '{target}' does not exist (looked for {full})");
        return new HclTemplateFiles(Path.GetDirectoryName(full)!, [target], []);
    }

    public static HclSource Load(string shown, string cwd)
    {
        var full = Path.GetFullPath(shown, cwd);
        var length = new FileInfo(full).Length;
        if (length > MaxFileBytes) throw new KilnInputException($"'{shown}' is {length} bytes: a template over {MaxFileBytes / 1024 / 1024} MB is refused");
        return new HclSource(shown, File.ReadAllText(full));
    }
}
