using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `ansible` provisioner → <see cref="AnsibleProvisionerSpec"/>. Kiln runs ansible-playbook over
/// direct SSH, so the options of Packer's SSH proxy are accepted without effect.</summary>
internal static class AnsibleProvisionerReader
{
    private static readonly Dictionary<string, string> Unsupported = new()
    {
        ["empty_groups"] = "put the groups in the playbook's inventory or use `groups`",
        ["inventory_file"] = "Kiln writes the inventory; use inventory_directory for group_vars and host_vars",
        ["inventory_file_template"] = "Kiln writes the inventory",
        ["ansible_ssh_extra_args"] = "Kiln sets the SSH arguments",
        ["galaxy_command"] = "Kiln runs ansible-galaxy from PATH",
        ["galaxy_force_install"] = "not available",
        ["collections_path"] = "not available",
    };

    private static readonly string[] ProxyOnly = ["local_port", "ssh_host_key_file", "ssh_authorized_key_file"];

    public static AnsibleProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        foreach (var (key, why) in Unsupported) o.Unsupported(key, why, AmazonEbsReader.IsUnset);
        foreach (var key in ProxyOnly)
            if (o.Has(key)) rc.Warn($"ansible: '{key}' has no effect: Kiln connects ansible to the instance directly, without Packer's SSH proxy");
        o.Accept("skip_version_check");
        if (o.Bool("use_proxy") == true) rc.Warn("ansible: use_proxy is ignored: Kiln connects ansible to the instance directly");
        var command = o.String("command");
        if (command is not (null or "" or "ansible-playbook"))
            o.Problems.At(o.Node("command")!, $"command '{command}' is not supported: Kiln runs ansible-playbook from PATH");

        var playbookNode = o.Node("playbook_file");
        var playbook = playbookNode is null ? null : rc.ExistingFile(playbookNode, "playbook_file", o.String("playbook_file"));
        if (playbookNode is null) o.Problems.At(o.Map, "playbook_file is required: the playbook to run, such as \"playbooks/dev.yml\"");

        var args = o.StringList("extra_arguments") ?? [];
        var vaultFiles = new List<string>();
        foreach (var file in AnsibleArguments.VaultPasswordFiles(args))
        {
            var full = rc.FullPath(file);
            if (!File.Exists(full))
                o.Problems.At(o.Node("extra_arguments")!, $"the vault password file '{file}' does not exist (looked for {full})");
            else
            {
                vaultFiles.Add(full);
                var password = File.ReadAllText(full).Trim();
                if (password.Length > 0) rc.Secrets.Add(password);
            }
        }

        var envVars = new Dictionary<string, string>();
        foreach (var pair in o.StringList("ansible_env_vars") ?? [])
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) o.Problems.At(o.Node("ansible_env_vars")!, $"'{pair}' is not NAME=VALUE");
            else envVars[pair[..eq]] = pair[(eq + 1)..];
        }

        var inventoryDir = o.String("inventory_directory");
        if (!string.IsNullOrEmpty(inventoryDir) && !Directory.Exists(rc.FullPath(inventoryDir)))
            o.Problems.At(o.Node("inventory_directory")!, $"inventory_directory '{inventoryDir}' does not exist");
        var galaxy = o.Node("galaxy_file") is { } g ? rc.ExistingFile(g, "galaxy_file", o.String("galaxy_file")) : null;

        return new AnsibleProvisionerSpec
        {
            PlaybookFile = playbook ?? "",
            ExtraArguments = args,
            Groups = o.StringList("groups") ?? [],
            HostAlias = o.String("host_alias") is { Length: > 0 } alias ? alias : "default",
            User = o.String("user") is { Length: > 0 } user ? user : null,
            EnvironmentVariables = envVars,
            InventoryDirectory = string.IsNullOrEmpty(inventoryDir) ? null : rc.FullPath(inventoryDir),
            KeepInventoryFile = o.Bool("keep_inventory_file") ?? false,
            GalaxyFile = galaxy,
            RolesPath = o.String("roles_path") is { Length: > 0 } roles ? rc.FullPath(roles) : null,
            UseSftp = o.Bool("use_sftp") ?? false,
            SftpCommand = o.String("sftp_command") is { Length: > 0 } sftp ? sftp : null,
            PackerExtraVars = true,
            WorkingDirectory = rc.WorkingDirectory,
            VaultPasswordFiles = vaultFiles,
        };
    }
}
