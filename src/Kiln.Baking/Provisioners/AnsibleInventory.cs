using YamlDotNet.Serialization;

namespace Kiln.Baking.Provisioners;

/// <summary>The host as Ansible should see it.
/// <paramref name="PythonInterpreter"/> goes into `all`'s vars (the lowest precedence: the playbook's own setting wins).</summary>
public sealed record InventoryHost(string Alias, string Address, int Port, string User, string PrivateKeyFile,
    string? PythonInterpreter = null);

/// <summary>The generated inventory: the host in `all` and in each of the given groups, so a play with
/// `hosts: dev-api` finds it as well as one with `hosts: all` (the article's pitfall: Packer's inventory had no
/// group unless `groups` was set). YAML, written by a serializer, so no path or name needs quoting rules; read by
/// Kiln's <see cref="InventoryPlugin"/>, which adds the groups without warning about the '-' in their names.</summary>
public static class AnsibleInventory
{
    public static string Render(InventoryHost host, IReadOnlyList<string> groups)
    {
        var vars = new Dictionary<string, object>
        {
            ["ansible_host"] = host.Address,
            ["ansible_port"] = host.Port,
            ["ansible_user"] = host.User,
        };
        if (host.PrivateKeyFile.Length > 0) vars["ansible_ssh_private_key_file"] = host.PrivateKeyFile; // empty: the agent's keys
        var all = new Dictionary<string, object> { ["hosts"] = new Dictionary<string, object> { [host.Alias] = vars } };
        var children = groups.Where(g => g != "all").Distinct(StringComparer.Ordinal).ToDictionary(
            g => g, object (_) => new Dictionary<string, object> { ["hosts"] = new Dictionary<string, object> { [host.Alias] = new Dictionary<string, object>() } });
        if (children.Count > 0) all["children"] = children;
        if (host.PythonInterpreter is { } python)
            all["vars"] = new Dictionary<string, object> { ["ansible_python_interpreter"] = python };
        return PluginLine + new SerializerBuilder().Build().Serialize(new Dictionary<string, object> { ["all"] = all });
    }

    private const string PluginLine = "plugin: " + InventoryPlugin.Name + "\n";

    /// <summary>The inventory as Ansible's own yaml plugin reads it (for a kept inventory file): the same, less the
    /// line that hands it to Kiln's plugin.</summary>
    public static string ForPeople(string rendered) =>
        rendered.StartsWith(PluginLine, StringComparison.Ordinal) ? rendered[PluginLine.Length..] : rendered;
}
