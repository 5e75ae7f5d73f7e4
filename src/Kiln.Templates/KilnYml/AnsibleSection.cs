using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Templates.Config;
using Kiln.Templates.Packer;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's `ansible:` section → the bake's ansible provisioner. Defaults are the article's command:
/// `playbooks/{env}.yml --tags {env}-{category} --extra-vars group={env}-{category} --extra-vars category={category}
/// --vault-password-file DIR/vault.txt` (the last only when vault.txt exists).</summary>
internal static partial class AnsibleSection
{
    public static AnsibleProvisionerSpec? Read(OptionReader top, string dir, Placeholders names, BakeRequest request,
        Problems problems, List<string> secrets)
    {
        var map = top.Object("ansible") ?? new ConfigMap("ansible", top.Map.Position, []);
        var o = top.Nested(map, "ansible");
        string? Expand(string key, string value) => names.Expand(value, o.Node(key), problems, $"ansible.{key}");

        var playbook = ReadPlaybook(o, dir, request, names, problems);
        var tags = (o.StringList("tags") ?? ["{env}-{category}"]).Select(t => Expand("tags", t)).OfType<string>().ToList();
        var groups = (o.StringList("groups") ?? ["{env}-{category}"]).Select(g => Expand("groups", g)).OfType<string>().ToList();
        foreach (var group in groups)
            if (!GroupName().IsMatch(group))
                problems.At(o.Node("groups") ?? map, $"'{NameRules.Printable(group)}' is not an inventory group name (letters, digits, '_' and '-')");
        var extraVars = ReadExtraVars(o, names, problems);
        var vaultFile = ReadVaultFile(o, dir, problems);
        var extra = (o.StringList("extra_arguments") ?? []).Select(a => Expand("extra_arguments", a)).OfType<string>().ToList();
        var strategy = ReadStrategy(o, request);

        var args = new List<string>();
        if (tags.Count > 0) args.AddRange(["--tags", string.Join(",", tags)]);
        foreach (var (key, value) in extraVars) args.AddRange(["--extra-vars", ExtraVar(key, value)]);
        // A job's own extra vars (with its options substituted) come last, so they win over kiln.yml's.
        foreach (var (key, value) in request.ExtraVars ?? new Dictionary<string, string>())
            if (!VarName().IsMatch(key)) problems.Add($"extra var '{NameRules.Printable(key)}' is not an Ansible variable name (letters, digits and '_', not starting with a digit)");
            else args.AddRange(["--extra-vars", ExtraVar(key, value)]);
        if (vaultFile is not null) args.AddRange(["--vault-password-file", vaultFile]);
        args.AddRange(extra);

        var vaultFiles = new List<string>();
        foreach (var file in AnsibleArguments.VaultPasswordFiles(args))
        {
            var full = DirectoryFiles.Resolve(dir, file, o.Node("extra_arguments"), problems, "vault password file");
            if (full is null) continue;
            if (!File.Exists(full)) { problems.At(o.Node("extra_arguments") ?? map, $"the vault password file '{file}' does not exist (looked for {full})"); continue; }
            if (vaultFiles.Contains(full)) continue;
            vaultFiles.Add(full);
            if (File.ReadAllText(full).Trim() is { Length: > 0 } password) secrets.Add(password);
        }
        o.ReportUnknown();
        if (playbook is null) return null;
        return new AnsibleProvisionerSpec
        {
            Name = "ansible",
            PlaybookFile = playbook,
            ExtraArguments = args,
            Groups = groups,
            Strategy = strategy,
            WorkingDirectory = dir,
            VaultPasswordFiles = vaultFiles,
        };
    }

    private static string? ReadPlaybook(OptionReader o, string dir, BakeRequest request, Placeholders names, Problems problems)
    {
        var node = o.Node("playbook");
        var pattern = o.String("playbook");
        var relative = names.Expand(pattern ?? "playbooks/{env}.yml", node, problems, "ansible.playbook");
        if (relative is null) return null;
        var full = DirectoryFiles.Resolve(dir, relative, node, problems, "ansible.playbook");
        if (full is null) return null;
        if (File.Exists(full)) return full;
        var message = pattern is null
            ? $"env '{request.Env}' has no playbook: expected {relative} in {dir}; create it or set ansible.playbook in kiln.yml"
            : $"ansible.playbook '{relative}' does not exist in {dir}";
        if (node is null) problems.Add(message); else problems.At(node, message);
        return null;
    }

    /// <summary>group and category by default; a key set to null in kiln.yml removes a default.</summary>
    private static List<(string Key, string Value)> ReadExtraVars(OptionReader o, Placeholders names, Problems problems)
    {
        var vars = new List<(string Key, string Value)> { ("group", "{env}-{category}"), ("category", "{category}") };
        if (o.Object("extra_vars") is { } map)
        {
            foreach (var entry in map.Entries)
            {
                vars.RemoveAll(v => v.Key == entry.Key);
                if (!VarName().IsMatch(entry.Key))
                    problems.At(entry.KeyPosition, entry.Value.Path, $"'{NameRules.Printable(entry.Key)}' is not an Ansible variable name (letters, digits and '_', not starting with a digit)");
                else if (entry.Value is ConfigScalar { Kind: ScalarKind.Null }) continue;
                else if (o.AsString(entry.Value) is { } value) vars.Add((entry.Key, value));
            }
        }
        return vars.Select(v => (v.Key, names.Expand(v.Value, o.Node("extra_vars"), problems, $"ansible.extra_vars.{v.Key}")))
                   .Where(v => v.Item2 is not null).Select(v => (v.Key, v.Item2!)).ToList();
    }

    /// <summary>`key=value` as the article writes it; JSON when the value has spaces or quotes, which
    /// ansible's key=value parser would split or strip.</summary>
    private static string ExtraVar(string key, string value) =>
        value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\') || value.Length == 0
            ? JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value })
            : $"{key}={value}";

    /// <summary>DIR/vault.txt when it exists; a named file must exist; false or "" turns it off.</summary>
    private static string? ReadVaultFile(OptionReader o, string dir, Problems problems)
    {
        var node = o.Node("vault_password_file");
        if (node is ConfigScalar { Kind: ScalarKind.Bool, Value: "false" or "False" or "FALSE" }) return null;
        var named = node is null ? null : o.AsString(node);
        if (named is "") return null;
        if (named is null)
        {
            var standard = Path.Combine(dir, "vault.txt");
            return File.Exists(standard) ? standard : null;
        }
        var full = DirectoryFiles.Resolve(dir, named, node, problems, "ansible.vault_password_file");
        if (full is null) return null;
        if (!File.Exists(full))
        {
            problems.At(node!, $"ansible.vault_password_file '{named}' does not exist (looked for {full}): create it or remove the setting");
            return null;
        }
        return full;
    }

    private static AnsibleStrategy ReadStrategy(OptionReader o, BakeRequest request)
    {
        var text = o.String("strategy");
        var fromFile = text switch
        {
            null => AnsibleStrategy.Mitogen,
            "plain" => AnsibleStrategy.Plain,
            "pipelining" => AnsibleStrategy.Pipelining,
            "mitogen" => AnsibleStrategy.Mitogen,
            _ => Invalid(o, text),
        };
        return request.AnsibleStrategy ?? fromFile;
    }

    private static AnsibleStrategy Invalid(OptionReader o, string text)
    {
        o.Problems.At(o.Node("strategy")!, $"'{NameRules.Printable(text)}' is not a strategy: use plain, pipelining or mitogen");
        return AnsibleStrategy.Pipelining;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}$")] private static partial Regex GroupName();
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")] private static partial Regex VarName();
}
