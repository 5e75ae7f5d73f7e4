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
        var file = o.Node("playbook_file") is { } f ? rc.ExistingFile(f, "playbook_file", o.String("playbook_file")) : null;
        var staging = o.String("staging_directory");
        if (staging is { Length: > 0 } && !staging.StartsWith('/'))
            o.Problems.At(o.Node("staging_directory")!, $"staging_directory '{staging}' must be an absolute path on the instance");
        var command = o.String("command");
        var galaxy = o.String("galaxy_command");
        return new AnsibleLocalProvisionerSpec
        {
            PlaybookFile = file,
            PlaybookFiles = Files(o, rc, "playbook_files"),
            PlaybookDirectory = o.Node("playbook_dir") is { } d ? rc.ExistingDirectory(d, "playbook_dir", o.String("playbook_dir")) : null,
            PlaybookPaths = Directories(o, rc, "playbook_paths"),
            RolePaths = Directories(o, rc, "role_paths"),
            GroupVars = o.Node("group_vars") is { } g ? rc.ExistingDirectory(g, "group_vars", o.String("group_vars")) : null,
            HostVars = o.Node("host_vars") is { } h ? rc.ExistingDirectory(h, "host_vars", o.String("host_vars")) : null,
            InventoryFile = o.Node("inventory_file") is { } i ? rc.ExistingFile(i, "inventory_file", o.String("inventory_file")) : null,
            InventoryGroups = o.StringList("inventory_groups") ?? [],
            GalaxyFile = o.Node("galaxy_file") is { } gf ? rc.ExistingFile(gf, "galaxy_file", o.String("galaxy_file")) : null,
            GalaxyCommand = galaxy is { Length: > 0 } ? galaxy : "ansible-galaxy",
            Command = command is { Length: > 0 } ? command : AnsibleLocalProvisionerSpec.DefaultCommand,
            ExtraArguments = o.StringList("extra_arguments") ?? [],
            StagingDirectory = staging is { Length: > 0 } ? staging.TrimEnd('/') : null,
            CleanStagingDirectory = o.Bool("clean_staging_directory") ?? false,
        };
    }

    private static IReadOnlyList<string> Files(OptionReader o, PackerReadContext rc, string key) =>
        o.Node(key) is { } node ? (o.StringList(key) ?? []).Select(p => rc.ExistingFile(node, key, p)).OfType<string>().ToList() : [];

    private static IReadOnlyList<string> Directories(OptionReader o, PackerReadContext rc, string key) =>
        o.Node(key) is { } node ? (o.StringList(key) ?? []).Select(p => rc.ExistingDirectory(node, key, p)).OfType<string>().ToList() : [];
}
