using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kiln.Baking.Provisioners;

/// <summary>
/// Proves from the playbook's YAML alone, in milliseconds, what <see cref="PlaybookTaskCheck"/> otherwise asks
/// `ansible-playbook --list-tasks` (about 0.7 s of a bake's critical path, before anything is created): that the tag
/// filters select at least one task. It answers only "proved"; anything it does not follow exactly as ansible-core does
/// (templated tags or role names, imports and includes, roles outside the playbook's roles/ directory, collections,
/// `--skip-tags`, the special tags but `all`, YAML it cannot read) is left to the listing, which stays the authority.
/// What it follows: a play's tasks, pre_tasks and post_tasks, blocks (block, rescue, always), and its roles' tasks/main
/// under the playbook's roles/ directory, each task's tags being its own and those of its blocks, role and play.
/// A task so tagged is selected by `--tags T` when T is among its tags or T is `all` and `never` is not; with no
/// `--tags`, when `never` is not among them (ansible-core's Taggable.evaluate_tags).
/// </summary>
public static class StaticTaskProof
{
    private static readonly string[] TaskLists = ["pre_tasks", "tasks", "post_tasks"];
    private static readonly string[] BlockLists = ["block", "rescue", "always"];
    /// <summary>Keys that make a list entry something other than one task whose tags are all written in it.</summary>
    private static readonly HashSet<string> NotATask = new(StringComparer.Ordinal)
    {
        "import_playbook", "include", "import_tasks", "include_tasks", "import_role", "include_role",
        "ansible.builtin.import_playbook", "ansible.builtin.include", "ansible.builtin.import_tasks",
        "ansible.builtin.include_tasks", "ansible.builtin.import_role", "ansible.builtin.include_role",
    };

    /// <summary>True when a task of <paramref name="playbookFile"/> is selected by these arguments' tag filters.</summary>
    public static bool SelectsATask(string playbookFile, IReadOnlyList<string> arguments)
    {
        if (!Path.IsPathRooted(playbookFile)) return false; // ansible reads it from its own working directory
        if (arguments.Any(a => a is "--skip-tags" || a.StartsWith("--skip-tags=", StringComparison.Ordinal))) return false;
        var requested = TaskListing.RequestedTags(arguments);
        if (requested.Any(t => t is "tagged" or "untagged" or "always" or "never")) return false;
        try
        {
            var plays = Load(playbookFile);
            if (plays is null) return false;
            var roles = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(playbookFile))!, "roles");
            var selected = new Selection(requested);
            return plays.Children.OfType<YamlMappingNode>().Any(play => PlaySelects(play, roles, selected));
        }
        catch (Exception e) when (e is YamlException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private static bool PlaySelects(YamlMappingNode play, string rolesDirectory, Selection selected)
    {
        if (!play.Children.ContainsKey(new YamlScalarNode("hosts")) || Merges(play) || Tags(play) is not { } playTags) return false;
        foreach (var list in TaskLists)
            if (Child(play, list) is YamlSequenceNode tasks && ListSelects(tasks, playTags, selected)) return true;
        // A play's `collections` are searched for its roles' short names first.
        if (Child(play, "roles") is not YamlSequenceNode roles || Child(play, "collections") is not null) return false;
        foreach (var entry in roles.Children)
        {
            var (name, roleTags) = entry switch
            {
                YamlScalarNode s => (s.Value, (IReadOnlyList<string>?)[]),
                YamlMappingNode m => ((Child(m, "role") ?? Child(m, "name")) is YamlScalarNode n ? n.Value : null, Tags(m)),
                _ => (null, null),
            };
            if (name is null || roleTags is null || !IsPlainRoleName(name)) continue;
            if (RoleTasks(rolesDirectory, name) is { } tasks && ListSelects(tasks, [.. playTags, .. roleTags], selected)) return true;
        }
        return false;
    }

    private static bool ListSelects(YamlSequenceNode list, IReadOnlyList<string> inherited, Selection selected)
    {
        foreach (var entry in list.Children.OfType<YamlMappingNode>())
        {
            if (Merges(entry) || Tags(entry) is not { } own) continue;
            var keys = entry.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList();
            if (keys.Any(NotATask.Contains)) continue;
            if (BlockLists.Any(keys.Contains))
            {
                foreach (var part in BlockLists)
                    if (Child(entry, part) is YamlSequenceNode inner && ListSelects(inner, [.. inherited, .. own], selected)) return true;
                continue;
            }
            if (selected.Selects([.. inherited, .. own])) return true;
        }
        return false;
    }

    private static YamlSequenceNode? RoleTasks(string rolesDirectory, string role)
    {
        foreach (var name in new[] { "main.yml", "main.yaml", "main" })
        {
            var file = Path.Combine(rolesDirectory, role, "tasks", name);
            if (File.Exists(file)) return Load(file);
        }
        return null;
    }

    private static YamlSequenceNode? Load(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Count == 1 ? stream.Documents[0].RootNode as YamlSequenceNode : null;
    }

    /// <summary>A YAML merge key (`<<: *anchor`) may bring tags this reader does not merge.</summary>
    private static bool Merges(YamlMappingNode node) => node.Children.ContainsKey(new YamlScalarNode("<<"));

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>A node's literal tags (a list, or a comma-separated string), empty when it has none; null when they are
    /// not plain text (templated, or not strings), so nothing under it is proved.</summary>
    private static IReadOnlyList<string>? Tags(YamlMappingNode node)
    {
        IEnumerable<string?> raw = Child(node, "tags") switch
        {
            null => [],
            YamlScalarNode s => (s.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) => seq.Children.Cast<YamlScalarNode>().Select(c => c.Value),
            _ => [null],
        };
        var tags = new List<string>();
        foreach (var t in raw)
        {
            if (t is null || t.Contains("{{", StringComparison.Ordinal) || t.Contains("{%", StringComparison.Ordinal)) return null;
            tags.Add(t);
        }
        return tags;
    }

    /// <summary>A role Ansible finds first under the playbook's own roles/ directory: no path, collection or template.</summary>
    private static bool IsPlainRoleName(string name) =>
        name.Length > 0 && !name.Contains('/') && !name.Contains('.') && !name.Contains("{{", StringComparison.Ordinal) && name != "..";

    private sealed class Selection(IReadOnlyList<string> requested)
    {
        public bool Selects(IReadOnlyList<string> tags)
        {
            if (tags.Contains("never") && !requested.Any(tags.Contains)) return false;
            return requested.Count == 0 || requested.Contains("all") || requested.Any(tags.Contains);
        }
    }
}
