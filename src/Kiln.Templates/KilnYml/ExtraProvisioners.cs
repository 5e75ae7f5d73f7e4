using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's optional `provisioners:`: shell and file steps that run `before` (default) or `after`
/// ansible. Files are relative to the playbook directory and may not leave it.</summary>
internal static class ExtraProvisioners
{
    public static (List<ProvisionerSpec> Before, List<ProvisionerSpec> After) Read(OptionReader top, string dir, Placeholders names)
    {
        var before = new List<ProvisionerSpec>();
        var after = new List<ProvisionerSpec>();
        if (top.List("provisioners") is not { } list) return (before, after);
        foreach (var item in list.Items)
        {
            if (item is not ConfigMap map)
            {
                top.Problems.At(item, $"expected a provisioner such as {{type: shell, inline: [\"echo hi\"]}}, got {item.KindName}");
                continue;
            }
            var o = top.Nested(map, "a kiln.yml provisioner");
            var when = o.String("when") ?? "before";
            if (when is not ("before" or "after")) o.Problems.At(o.Node("when")!, $"'{when}' is not a time: use before or after (ansible)");
            ProvisionerSpec? spec = o.String("type") switch
            {
                "shell" => Shell(o, dir),
                "file" => FileStep(o, dir),
                null => Missing(o),
                var other => Unknown(o, other),
            };
            o.ReportUnknown();
            if (spec is not null) (when == "after" ? after : before).Add(spec with { Name = o.String("name") ?? "" });
        }
        return (before, after);
    }

    private static ShellProvisionerSpec? Shell(OptionReader o, string dir)
    {
        var inline = o.StringList("inline") ?? [];
        var scripts = (o.StringList("scripts") ?? []).ToList();
        if (o.String("script") is { } one) scripts.Insert(0, one);
        if (inline.Count == 0 && scripts.Count == 0) o.Problems.At(o.Map, "a shell provisioner needs inline, script or scripts");
        var resolved = scripts.Select(s => Existing(o, dir, s, o.Node("script") ?? o.Node("scripts"))).OfType<string>().ToList();
        var env = o.StringMap("environment") ?? new Dictionary<string, string>();
        return new ShellProvisionerSpec
        {
            Inline = inline,
            Scripts = resolved,
            EnvironmentVars = env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            ExpectDisconnect = o.Bool("expect_disconnect") ?? false,
        };
    }

    private static FileProvisionerSpec? FileStep(OptionReader o, string dir)
    {
        var sources = new List<string>();
        if (o.String("source") is { } one) sources.Add(one);
        sources.AddRange(o.StringList("sources") ?? []);
        if (sources.Count == 0) o.Problems.At(o.Map, "a file provisioner needs source or sources");
        var destination = o.String("destination");
        if (string.IsNullOrEmpty(destination)) o.Problems.At(o.Map, "a file provisioner needs a destination on the instance, such as /tmp/app.conf");
        var resolved = sources.Select(s => Existing(o, dir, s, o.Node("source") ?? o.Node("sources"))).OfType<string>().ToList();
        return new FileProvisionerSpec { Sources = resolved, Destination = destination ?? "" };
    }

    private static string? Existing(OptionReader o, string dir, string path, ConfigNode? at)
    {
        var full = DirectoryFiles.Resolve(dir, path, at, o.Problems, "file");
        if (full is null) return null;
        if (File.Exists(full) || Directory.Exists(full)) return full;
        o.Problems.At(at ?? o.Map, $"'{path}' does not exist in {dir}");
        return null;
    }

    private static ProvisionerSpec? Missing(OptionReader o)
    {
        o.Problems.At(o.Map, "a provisioner needs a type: shell or file");
        return null;
    }

    private static ProvisionerSpec? Unknown(OptionReader o, string type)
    {
        o.Problems.At(o.Node("type")!, type == "ansible"
            ? "ansible is configured under `ansible:`, not in provisioners"
            : $"'{type}' is not a provisioner type: use shell or file");
        return null;
    }
}
