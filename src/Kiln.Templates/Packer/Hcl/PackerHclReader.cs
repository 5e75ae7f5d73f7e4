using System.Collections;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;
using Kiln.Templates.Hcl;
using Kiln.Templates.Packer.PostProcessors;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`kiln build` / `validate` / `inspect` of a Packer HCL2 template: the blocks are evaluated, each
/// build's source and provisioners become the same config objects a JSON template holds, and the JSON readers
/// make them the same <see cref="BakeSpec"/>. Every problem is collected (with its line and a caret) and thrown
/// at once; nothing is contacted and nothing is written.</summary>
public static class PackerHclReader
{
    private static readonly HashSet<string> RootBlocks = ["packer", "variable", "variables", "locals", "local", "source", "data", "build"];

    public static bool IsHclTarget(string target, string? workingDirectory = null) =>
        HclTemplateFiles.IsHcl(target, Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory()));

    public static PackerBuildPlan Read(string target, IReadOnlyList<PackerVarArg> vars, PackerBuildFilter filter,
        TimeProvider clock, IDictionary environment, string? workingDirectory = null) =>
        Load(target, vars, filter, clock, environment, workingDirectory).Plan;

    public static string Inspect(string target, IReadOnlyList<PackerVarArg> vars, TimeProvider clock, IDictionary environment,
        string? workingDirectory = null)
    {
        var loaded = Load(target, vars, PackerBuildFilter.None, clock, environment, workingDirectory, inspectOnly: true);
        return HclInspection.Format(loaded.State, loaded.Builds);
    }

    /// <summary>`validate -syntax-only`: every file parses.</summary>
    public static void CheckSyntax(string target, string? workingDirectory = null)
    {
        var cwd = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        var files = HclTemplateFiles.Find(target, cwd);
        var rc = new PackerReadContext(cwd, files.RootDirectory, CloudKind.Local, DateTimeOffset.UtcNow);
        var st = new HclReadState(rc, new HclFunctionHost(cwd, rc.Now));
        foreach (var file in files.Templates) Parse(st, file);
        rc.Problems.ThrowIfAny();
    }

    /// <summary>As `packer console`: each expression evaluated where a source or build sees it (var, local, data,
    /// path, packer); a value as JSON, or the problem as text.</summary>
    public static IReadOnlyList<string> Evaluate(string target, IReadOnlyList<PackerVarArg> vars, TimeProvider clock,
        IDictionary environment, IEnumerable<string> expressions, string? workingDirectory = null)
    {
        var st = Load(target, vars, PackerBuildFilter.None, clock, environment, workingDirectory, inspectOnly: true).State;
        var context = st.Context();
        return expressions.Select(text =>
        {
            try { return HclEvaluator.Evaluate(HclParser.ParseExpression(new HclSource("console", text)), context).ToString(); }
            catch (HclException e) { return "error: " + e.Message; }
        }).ToList();
    }

    private sealed record Loaded(PackerBuildPlan Plan, HclReadState State, IReadOnlyList<HclBuild> Builds);

    private static Loaded Load(string target, IReadOnlyList<PackerVarArg> vars, PackerBuildFilter filter, TimeProvider clock,
        IDictionary environment, string? workingDirectory, bool inspectOnly = false)
    {
        var cwd = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        var files = HclTemplateFiles.Find(target, cwd);
        var rc = new PackerReadContext(cwd, files.RootDirectory, PackerTemplateReader.CloudFrom(environment), clock.GetUtcNow())
        {
            AgentSocket = PackerTemplateReader.AgentSocketFrom(environment),
        };
        var root = Directory.Exists(Path.GetFullPath(target, cwd)) ? target.TrimEnd('/') : Path.GetDirectoryName(target);
        var st = new HclReadState(rc, new HclFunctionHost(cwd, rc.Now)) { RootPath = string.IsNullOrEmpty(root) ? "." : root };
        rc.Problems.Excerpt = position => st.Sources.TryGetValue(position.File, out var source) && position.Line > 0
            ? Excerpt(source, position) : null;
        foreach (var file in files.Templates) Parse(st, file);
        CheckRoot(st);
        HclPackerBlock.Check(st);
        HclVariables.Resolve(st, files.AutoVarFiles, vars, environment);
        var amis = HclData.Resolve(st);
        HclLocals.Resolve(st);
        var sources = HclBuilds.Sources(st);
        var builds = HclBuilds.Read(st, sources);
        var plan = new List<BakeSpec>();
        var manifests = new Dictionary<string, PackerManifestSpec>();
        var postProcessors = new Dictionary<string, IReadOnlyList<PackerPostProcessor>>();
        var selected = Select(st, builds, filter);
        if (!inspectOnly)
            foreach (var (build, source) in selected)
                if (HclBuildReader.Read(st, build, source, amis) is { } spec)
                {
                    plan.Add(spec.Spec);
                    if (spec.Manifest is not null) manifests[spec.Spec.BuildName] = spec.Manifest;
                    // With a shell-local among them, the whole list in template order (a manifest alone stays in Manifests).
                    if (spec.PostProcessors.Any(p => p is ShellLocalPostProcessor)) postProcessors[spec.Spec.BuildName] = spec.PostProcessors;
                }
        if (rc.Problems.Count > 0)
            foreach (var warning in rc.Warnings) rc.Problems.Add($"note: {warning}");
        rc.Problems.ThrowIfAny(rc.Secrets);
        return new Loaded(new PackerBuildPlan(plan, rc.Secrets.Distinct().ToList(), rc.Warnings) { Manifests = manifests, PostProcessors = postProcessors }, st, builds);
    }

    private static void Parse(HclReadState st, string file)
    {
        if (file.EndsWith(".pkr.json", StringComparison.Ordinal))
        {
            if (HclJsonSyntax.Read(st, file) is { } json) st.Files.Add(json);
            return;
        }
        var source = HclTemplateFiles.Load(file, st.Rc.WorkingDirectory);
        st.Sources[source.FileName] = source;
        try { st.Files.Add((source, HclParser.ParseFile(source))); }
        catch (HclException e) { st.Report(e); }
    }

    private static void CheckRoot(HclReadState st)
    {
        foreach (var (_, body) in st.Files)
        {
            foreach (var a in body.Attributes)
                st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" cannot be set at the top level of a template; put it in a variable, locals, source or build block");
            foreach (var b in body.Blocks.Where(b => !RootBlocks.Contains(b.Type)))
            {
                var near = OptionReader.Nearest(b.Type, RootBlocks);
                st.Report(b.TypeRange, $"Unsupported block type: blocks of type \"{b.Type}\" are not expected here" + (near is null ? "" : $" (did you mean \"{near}\"?)"));
            }
        }
    }

    /// <summary>-only and -except name builds as Packer does: `type.name` or `build.type.name`, with `*` globs.</summary>
    private static List<(HclBuild, HclBuildSource)> Select(HclReadState st, List<HclBuild> builds, PackerBuildFilter filter)
    {
        var all = builds.SelectMany(b => b.Sources.Select(s => (Build: b, Source: s))).ToList();
        bool Match(string pattern, string name) =>
            System.Text.RegularExpressions.Regex.IsMatch(name, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*") + "$");
        foreach (var pattern in filter.Only.Concat(filter.Except).Where(p => !all.Any(x => Match(p, x.Build.FullName(x.Source)))))
            st.Rc.Problems.Add($"-only/-except names '{pattern}', which matches no build (builds: {string.Join(", ", all.Select(x => x.Build.FullName(x.Source)))})");
        if (filter.Only.Count > 0 && filter.Except.Count > 0) st.Rc.Problems.Add("give -only or -except, not both");
        return all.Where(x => (filter.Only.Count == 0 || filter.Only.Any(p => Match(p, x.Build.FullName(x.Source))))
                              && !filter.Except.Any(p => Match(p, x.Build.FullName(x.Source)))).ToList();
    }

    private static string Excerpt(HclSource source, SourcePosition position)
    {
        var text = source.LineText(position.Line);
        if (text.Trim().Length == 0) return "";
        var gutter = $"  {position.Line} | ";
        return $"\n{gutter}{text.Replace('\t', ' ')}\n{new string(' ', gutter.Length + position.Column - 1)}^";
    }
}
