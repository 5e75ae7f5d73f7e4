using System.Collections;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Packer;

/// <summary>Packer's user variables: defaults from `variables` (null: required), overridden by -var and -var-file
/// in command-line order (the later wins), then every value rendered as a template with `env` allowed and other
/// user variables resolved (Packer 1.6's core.go does this by repeated passes; here by memoised recursion).</summary>
internal static class PackerVariables
{
    public static IReadOnlyDictionary<string, string> Resolve(
        ConfigNode? variables, ConfigNode? sensitive, IReadOnlyList<PackerVarArg> args, IDictionary environment,
        PackerReadContext rc, TemplateContext baseContext, string templateName)
    {
        var declared = new Dictionary<string, ConfigEntry>();
        var raw = new Dictionary<string, (string Value, ConfigNode? Node)>();
        if (variables is ConfigMap map)
        {
            foreach (var entry in map.Entries)
            {
                declared[entry.Key] = entry;
                if (entry.Value is ConfigScalar { Kind: ScalarKind.Null }) continue;
                // Packer 1.6.6 refuses numbers and booleans here too ("expected type 'string', got unconvertible type").
                if (entry.Value is not ConfigScalar { Kind: ScalarKind.String } scalar)
                {
                    var hint = entry.Value is ConfigScalar s ? $": write \"{s.Value}\"" : "";
                    rc.Problems.At(entry.Value, $"variable '{entry.Key}' must have a string default (or null when it is required), got {entry.Value.KindName}{hint}");
                    continue;
                }
                raw[entry.Key] = (scalar.Value ?? "", scalar);
            }
        }
        else if (variables is not null)
            rc.Problems.At(variables, $"'variables' must be an object of name: default, got {variables.KindName}");

        foreach (var arg in args)
        {
            switch (arg)
            {
                case PackerVarArg.Var v when v.Name.Length == 0:
                    rc.Problems.Add("-var needs NAME=VALUE: the name is empty");
                    break;
                case PackerVarArg.Var v:
                    raw[v.Name] = (v.Value, null);
                    break;
                case PackerVarArg.VarFile f:
                    foreach (var (name, value, node) in ReadVarFile(f.Path, rc)) raw[name] = (value, node);
                    break;
            }
        }

        foreach (var (name, entry) in declared)
            if (entry.Value is ConfigScalar { Kind: ScalarKind.Null } && !raw.ContainsKey(name))
                rc.Problems.At(entry.KeyPosition, $"variables.{name}",
                    $"required variable '{name}' is not set: give it with -var {name}=VALUE or in a -var-file");

        var resolved = new Dictionary<string, string>();
        var resolving = new HashSet<string>();
        var context = baseContext with { Env = name => environment.Contains(name) ? environment[name]?.ToString() : null };
        string Get(string name)
        {
            if (resolved.TryGetValue(name, out var done)) return done;
            if (!raw.TryGetValue(name, out var item)) throw new TemplateException($"variable '{name}' is not set: declare it in variables or give -var {name}=VALUE");
            if (!resolving.Add(name)) throw new TemplateException($"variable '{name}' refers to itself through other variables");
            try { return resolved[name] = TemplateRenderer.Render(item.Value, context with { User = Get }); }
            finally { resolving.Remove(name); }
        }
        foreach (var (name, item) in raw)
        {
            try { Get(name); }
            catch (TemplateException e)
            {
                if (item.Node is not null) rc.Problems.At(item.Node, e.Message);
                else rc.Problems.Add($"-var {name}: {e.Message}");
            }
        }

        ReadSensitive(sensitive, declared, resolved, rc);
        return resolved;
    }

    private static void ReadSensitive(ConfigNode? sensitive, Dictionary<string, ConfigEntry> declared,
        Dictionary<string, string> resolved, PackerReadContext rc)
    {
        if (sensitive is null) return;
        if (sensitive is not ConfigList list)
        {
            rc.Problems.At(sensitive, $"'sensitive-variables' must be a list of variable names, got {sensitive.KindName}");
            return;
        }
        foreach (var item in list.Items)
        {
            if (item is not ConfigScalar { Kind: ScalarKind.String, Value: { } name })
            {
                rc.Problems.At(item, $"expected a variable name, got {item.KindName}");
                continue;
            }
            if (!declared.ContainsKey(name))
                rc.Warn($"sensitive-variables names '{name}', which is not declared in variables");
            if (resolved.TryGetValue(name, out var value) && value.Length > 0) rc.Secrets.Add(value);
        }
    }

    /// <summary>Past this a var file is not read at all (it would only cost memory): it holds a few name/value pairs.</summary>
    private const int MaxVarFileBytes = 1024 * 1024;

    /// <summary>A -var-file: a JSON object of strings (Packer decodes it into map[string]string, where a JSON null
    /// becomes "": the variable is set, and empty, which satisfies a required one; measured with Packer 1.6.6).</summary>
    private static IEnumerable<(string Name, string Value, ConfigNode Node)> ReadVarFile(string path, PackerReadContext rc)
    {
        var full = rc.FullPath(path);
        if (!File.Exists(full))
        {
            rc.Problems.Add($"-var-file '{path}' does not exist (looked for {full})");
            yield break;
        }
        if (new FileInfo(full).Length is var length and > MaxVarFileBytes)
        {
            rc.Problems.Add($"-var-file '{path}' is {length} bytes: a var file over {MaxVarFileBytes / 1024 / 1024} MB is refused; it should hold a few name/value pairs");
            yield break;
        }
        var node = JsonTree.Parse(File.ReadAllBytes(full), path, rc.Problems);
        if (node is ConfigScalar { Kind: ScalarKind.Null } && rc.Problems.Count > 0) yield break;
        if (node is not ConfigMap map)
        {
            rc.Problems.At(node, $"a -var-file must hold a JSON object of \"name\": \"value\" pairs, got {node.KindName}");
            yield break;
        }
        foreach (var entry in map.Entries)
        {
            if (entry.Value is ConfigScalar { Kind: ScalarKind.String, Value: { } value }) yield return (entry.Key, value, entry.Value);
            else if (entry.Value is ConfigScalar { Kind: ScalarKind.Null }) yield return (entry.Key, "", entry.Value);
            else rc.Problems.At(entry.Value, $"variable values in a -var-file must be strings (write \"{entry.Key}\": \"…\"), got {entry.Value.KindName}");
        }
    }
}
