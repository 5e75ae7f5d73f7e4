namespace Kiln.Baking.Provisioners;

/// <summary>Kiln's inventory plugin (kiln_inventory.py): reads the inventory <see cref="AnsibleInventory"/> writes
/// (its `plugin: kiln_inventory` line hands it over through Ansible's default `auto` plugin) and adds Kiln's groups,
/// such as the article's `dev-api`, without Ansible's warning about the '-' in them. Warnings about the user's own
/// inventories and playbooks are left as they are.</summary>
public static class InventoryPlugin
{
    public const string Name = "kiln_inventory";

    /// <summary>Writes the plugin into <paramref name="directory"/> (created, mode 0700) and returns the directory.</summary>
    public static async Task<string> WriteAsync(string directory, CancellationToken ct)
    {
        Kiln.Core.KilnPaths.EnsurePrivateDirectory(directory);
        await using var source = typeof(InventoryPlugin).Assembly.GetManifestResourceStream(Name + ".py")!;
        await using var file = File.Create(Path.Combine(directory, Name + ".py"));
        await source.CopyToAsync(file, ct);
        return directory;
    }

    /// <summary>ANSIBLE_INVENTORY_PLUGINS with <paramref name="directory"/> first, then the user's own path (from
    /// <paramref name="env"/>, else Kiln's environment), else Ansible's default.</summary>
    public static void AddTo(Dictionary<string, string> env, string directory) =>
        env["ANSIBLE_INVENTORY_PLUGINS"] = directory + ":" + (env.GetValueOrDefault("ANSIBLE_INVENTORY_PLUGINS")
            ?? Environment.GetEnvironmentVariable("ANSIBLE_INVENTORY_PLUGINS")
            ?? "~/.ansible/plugins/inventory:/usr/share/ansible/plugins/inventory");
}
