using System.Collections;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;
using Kiln.Templates.Packer.PostProcessors;

namespace Kiln.Templates.Packer;

/// <summary>`kiln build` / `kiln validate`: a Packer 1.6 JSON template plus -var/-var-file arguments → one
/// validated <see cref="BakeSpec"/> per selected builder. Every problem is collected and thrown at once as a
/// <see cref="KilnInputException"/>; nothing is contacted and nothing is written.</summary>
public static class PackerTemplateReader
{
    private const int MaxTemplateBytes = 10 * 1024 * 1024;

    private static readonly HashSet<string> RootKeys =
        ["variables", "sensitive-variables", "builders", "provisioners", "post-processors", "error-cleanup-provisioner", "description", "min_packer_version"];

    /// <param name="templatePath">The template, relative to <paramref name="workingDirectory"/>.</param>
    /// <param name="vars">-var and -var-file arguments in command-line order: the later wins.</param>
    /// <param name="environment">For {{env}} in variables, and KILN_CLOUD (local|aws|gcp|local-gcp; default local).</param>
    /// <param name="workingDirectory">Where relative paths start, as Packer resolves them; default: the current directory.</param>
    public static PackerBuildPlan Read(string templatePath, IReadOnlyList<PackerVarArg> vars, PackerBuildFilter filter,
        TimeProvider clock, IDictionary environment, string? workingDirectory = null)
    {
        var cwd = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        var full = Path.GetFullPath(templatePath, cwd);
        var rc = new PackerReadContext(cwd, Path.GetDirectoryName(full)!, CloudFrom(environment), clock.GetUtcNow())
        {
            AgentSocket = PackerTemplateReader.AgentSocketFrom(environment),
        };
        var root = Load(templatePath, full);

        var baseContext = new TemplateContext { Now = rc.Now, TemplateDirectory = rc.TemplateDirectory, WorkingDirectory = cwd };
        foreach (var entry in root.Entries)
        {
            if (RootKeys.Contains(entry.Key) || entry.Key.StartsWith('_')) continue;
            var near = OptionReader.Nearest(entry.Key, RootKeys);
            rc.Problems.At(entry.KeyPosition, entry.Key, $"unknown top-level key '{entry.Key}'" + (near is null ? "" : $" (did you mean '{near}'?)"));
        }
        var variables = PackerVariables.Resolve(root.Find("variables")?.Value, root.Find("sensitive-variables")?.Value,
            vars, environment, rc, baseContext, templatePath);

        var builders = PackerBuilders.Read(root, rc);
        var selected = PackerBuilders.Select(builders, filter, rc);
        var names = builders.Select(b => b.Name).ToList();
        var builds = new List<BakeSpec>();
        var postProcessors = new Dictionary<string, IReadOnlyList<PackerPostProcessor>>();
        foreach (var builder in selected)
        {
            var context = baseContext with
            {
                BuildName = builder.Name,
                BuildType = builder.Type,
                User = name => variables.TryGetValue(name, out var value) ? value : Unset(name, rc),
            };
            var spec = builder.Type == "googlecompute" ? GoogleComputeReader.Read(builder.Map, builder.Name, context, rc)
                : AmazonEbsReader.Read(builder.Map, builder.Name, context, rc);
            var provisioners = ReadProvisioners(root.Find("provisioners")?.Value, builder.Name, names, context, rc);
            var cleanup = root.Find("error-cleanup-provisioner")?.Value is { } c
                ? ProvisionerReader.Read(c, "error-cleanup-provisioner", builder.Name, names, context, rc) : null;
            postProcessors[builder.Name] = PostProcessorReader.Read(root.Find("post-processors")?.Value, builder.Name, names, context, rc);
            if (spec is not null) builds.Add(spec with { Provisioners = provisioners, ErrorCleanupProvisioner = cleanup });
        }
        // An unset variable is often the cause of the problems above (an empty ami_name): say so alongside them.
        if (rc.Problems.Count > 0)
            foreach (var warning in rc.Warnings.Where(w => w.StartsWith("user variable", StringComparison.Ordinal)))
                rc.Problems.Add($"note: {warning}");
        rc.Problems.ThrowIfAny(rc.Secrets);
        return new PackerBuildPlan(builds, rc.Secrets.Distinct().ToList(), rc.Warnings) { PostProcessors = postProcessors };
    }

    /// <summary>`packer validate -syntax-only`: only that the file is a JSON object.</summary>
    public static void CheckSyntax(string templatePath, string? workingDirectory = null) =>
        Load(templatePath, Path.GetFullPath(templatePath, workingDirectory ?? Directory.GetCurrentDirectory()));

    private static ConfigMap Load(string shownPath, string full)
    {
        var problems = new Problems();
        if (!File.Exists(full)) throw new KilnInputException($"template '{shownPath}' does not exist (looked for {full})");
        var length = new FileInfo(full).Length;
        if (length > MaxTemplateBytes) throw new KilnInputException($"template '{shownPath}' is {length} bytes: a template over {MaxTemplateBytes / 1024 / 1024} MB is not a Packer template");
        var node = JsonTree.Parse(File.ReadAllBytes(full), shownPath, problems);
        problems.ThrowIfAny();
        return node as ConfigMap ?? throw new KilnInputException($"{node.Position}: a template must be a JSON object with \"builders\", got {node.KindName}");
    }

    /// <summary>Packer expands an unset user variable outside `variables` to "" without a word; Kiln does the same
    /// (templates must run unchanged) but says so.</summary>
    private static string Unset(string name, PackerReadContext rc)
    {
        rc.Warn($"user variable '{name}' is not set and expands to an empty string (as in Packer): declare it in variables or give -var {name}=VALUE");
        return "";
    }

    private static List<ProvisionerSpec> ReadProvisioners(ConfigNode? node, string buildName, IReadOnlyCollection<string> builderNames,
        TemplateContext context, PackerReadContext rc)
    {
        var result = new List<ProvisionerSpec>();
        if (node is null) return result;
        if (node is not ConfigList list)
        {
            rc.Problems.At(node, $"'provisioners' must be a list, got {node.KindName}");
            return result;
        }
        for (var i = 0; i < list.Items.Count; i++)
            if (ProvisionerReader.Read(list.Items[i], $"provisioner {i + 1}", buildName, builderNames, context, rc) is { } spec)
                result.Add(spec);
        return result;
    }

    /// <summary>Templates run on the local cloud unless KILN_CLOUD=aws (amazon-ebs) or gcp (googlecompute): Kiln never
    /// touches a real account unless told. Unset, a googlecompute builder runs on the local cloud's Compute endpoint.</summary>
    internal static string? AgentSocketFrom(IDictionary environment) =>
        environment.Contains("SSH_AUTH_SOCK") && environment["SSH_AUTH_SOCK"]?.ToString() is { Length: > 0 } socket ? socket : null;

    internal static CloudKind CloudFrom(IDictionary environment)
    {
        var value = environment.Contains("KILN_CLOUD") ? environment["KILN_CLOUD"]?.ToString() : null;
        return value switch
        {
            null or "" or "local" => CloudKind.Local,
            "aws" => CloudKind.Aws,
            "gcp" => CloudKind.Gcp,
            "local-gcp" => CloudKind.LocalGcp,
            _ => throw new KilnInputException($"KILN_CLOUD='{value}' is not a cloud: use local (the default), aws, gcp or local-gcp"),
        };
    }
}
