using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `ansible-local` provisioner → <see cref="AnsibleLocalProvisionerSpec"/>, with Packer's checks:
/// playbook_file or playbook_files (one of them), and every named file and directory present here.</summary>
internal static class AnsibleLocalProvisionerReader
{
    public static AnsibleLocalProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        if (o.Has("playbook_file") && o.Has("playbook_files"))
            o.Problems.At(o.Map, "give playbook_file or playbook_files, not both");
        else if (!o.Has("playbook_file") && !o.Has("playbook_files"))
            o.Problems.At(o.Map, "ansible-local needs playbook_file or playbook_files: the playbook to run on the instance");
        var staging = o.String("staging_directory");
        if (staging is { Length: > 0 } && !staging.StartsWith('/'))
            o.Problems.At(o.Node("staging_directory")!, $"staging_directory '{staging}' must be an absolute path on the instance");
        var command = o.String("command");
        var galaxy = o.String("galaxy_command");
        return new AnsibleLocalProvisionerSpec
        {
            PlaybookFile = One(o, "playbook_file", rc.ExistingFile),
            PlaybookFiles = Many(o, "playbook_files", rc.ExistingFile),
            PlaybookDirectory = One(o, "playbook_dir", rc.ExistingDirectory),
            PlaybookPaths = Many(o, "playbook_paths", rc.ExistingDirectory),
            RolePaths = Many(o, "role_paths", rc.ExistingDirectory),
            GroupVars = One(o, "group_vars", rc.ExistingDirectory),
            HostVars = One(o, "host_vars", rc.ExistingDirectory),
            InventoryFile = One(o, "inventory_file", rc.ExistingFile),
            InventoryGroups = o.StringList("inventory_groups") ?? [],
            GalaxyFile = One(o, "galaxy_file", rc.ExistingFile),
            GalaxyCommand = galaxy is { Length: > 0 } ? galaxy : "ansible-galaxy",
            Command = command is { Length: > 0 } ? command : AnsibleLocalProvisionerSpec.DefaultCommand,
            ExtraArguments = o.StringList("extra_arguments") ?? [],
            StagingDirectory = staging is { Length: > 0 } ? staging.TrimEnd('/') : null,
            CleanStagingDirectory = o.Bool("clean_staging_directory") ?? false,
        };
    }

    /// <summary>The option's path, checked by <paramref name="existing"/> (a file or a directory that must be here).</summary>
    private static string? One(OptionReader o, string key, Func<ConfigNode, string, string?, string?> existing) =>
        o.Node(key) is { } node ? existing(node, key, o.String(key)) : null;

    private static IReadOnlyList<string> Many(OptionReader o, string key, Func<ConfigNode, string, string?, string?> existing) =>
        o.Node(key) is { } node ? (o.StringList(key) ?? []).Select(p => existing(node, key, p)).OfType<string>().ToList() : [];
}
