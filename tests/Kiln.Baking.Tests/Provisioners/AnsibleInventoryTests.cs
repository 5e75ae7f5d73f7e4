using System.Text.Json;
using Kiln.Baking.Processes;
using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

public class AnsibleInventoryTests
{
    private static readonly InventoryHost Host = new("default", "127.0.3.7", 22, "ec2-user", "/runs/kiln x/key.pem");

    [Fact]
    public void Text_places_the_host_in_all_and_each_group()
    {
        Assert.Equal("""
            plugin: kiln_inventory
            all:
              hosts:
                default:
                  ansible_host: 127.0.3.7
                  ansible_port: 22
                  ansible_user: ec2-user
                  ansible_ssh_private_key_file: /runs/kiln x/key.pem
              children:
                dev-api:
                  hosts:
                    default: {}

            """.ReplaceLineEndings("\n"), AnsibleInventory.Render(Host, ["dev-api", "all"]));
    }

    [Fact]
    public void Without_groups_there_are_no_children() =>
        Assert.DoesNotContain("children", AnsibleInventory.Render(Host, []));

    /// <summary>Asks ansible itself: a play with `hosts: dev-api` must find the host (the article's pitfall).</summary>
    [Fact]
    public async Task Ansible_sees_the_host_in_its_groups_with_its_connection_vars()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kiln-inv-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, AnsibleInventory.Render(Host, ["dev-api", "web"]));
        try
        {
            var output = new List<string>();
            var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-inventory", ["-i", file, "--list"]) { Environment = await PluginEnvironmentAsync() },
                (s, l) => { if (s == "stdout") output.Add(l); }, CancellationToken.None);
            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(string.Join('\n', output));
            var root = doc.RootElement;
            Assert.Equal("default", root.GetProperty("dev-api").GetProperty("hosts")[0].GetString());
            Assert.Equal("default", root.GetProperty("web").GetProperty("hosts")[0].GetString());
            var vars = root.GetProperty("_meta").GetProperty("hostvars").GetProperty("default");
            Assert.Equal("127.0.3.7", vars.GetProperty("ansible_host").GetString());
            Assert.Equal("/runs/kiln x/key.pem", vars.GetProperty("ansible_ssh_private_key_file").GetString());
        }
        finally { File.Delete(file); }
    }

    /// <summary>The interpreter Kiln found is a default: a playbook's group_vars/all setting beats it, as Ansible's
    /// precedence puts inventory group vars below playbook group vars.</summary>
    [Fact]
    public async Task The_found_interpreter_is_the_lowest_precedence_default()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-interp-").FullName;
        try
        {
            var inventory = Path.Combine(dir, "inventory.yml");
            await File.WriteAllTextAsync(inventory, AnsibleInventory.Render(Host with { PythonInterpreter = "/usr/bin/python3" }, ["dev-api"]));
            Assert.Contains("ansible_python_interpreter: /usr/bin/python3", await File.ReadAllTextAsync(inventory));
            Assert.Equal("/usr/bin/python3", await InterpreterSeenAsync(dir, inventory));

            Directory.CreateDirectory(Path.Combine(dir, "group_vars"));
            await File.WriteAllTextAsync(Path.Combine(dir, "group_vars", "all.yml"), "ansible_python_interpreter: /opt/py/bin/python3\n");
            Assert.Equal("/opt/py/bin/python3", await InterpreterSeenAsync(dir, inventory));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static async Task<string> InterpreterSeenAsync(string dir, string inventory)
    {
        var playbook = Path.Combine(dir, "show.yml");
        await File.WriteAllTextAsync(playbook, """
            - hosts: dev-api
              gather_facts: false
              tasks:
                - debug: {msg: "interpreter={{ ansible_python_interpreter }}"}
                  delegate_to: localhost
            """);
        var output = new List<string>();
        var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-playbook", ["-i", inventory, playbook]) { Environment = await PluginEnvironmentAsync() },
            (_, l) => output.Add(l), CancellationToken.None);
        Assert.True(result.ExitCode == 0, string.Join('\n', output));
        var line = output.First(l => l.Contains("interpreter=", StringComparison.Ordinal));
        return line[(line.IndexOf("interpreter=", StringComparison.Ordinal) + 12)..].Trim().TrimEnd('"');
    }

    /// <summary>Kiln's group `dev-api` (the article's '-' by design) brings no warning about invalid characters; a
    /// group the user's own playbook makes with the same flaw still does (Ansible's own words, once per run).</summary>
    [Fact]
    public async Task Kilns_groups_bring_no_group_name_warning_but_the_users_own_still_do()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-groups-").FullName;
        try
        {
            var inventory = Path.Combine(dir, "inventory.yml");
            await File.WriteAllTextAsync(inventory, AnsibleInventory.Render(Host with { Address = "127.0.0.1" }, ["dev-api"]));
            async Task<string> PlayAsync(string tasks)
            {
                var playbook = Path.Combine(dir, "play.yml");
                await File.WriteAllTextAsync(playbook, "- hosts: dev-api\n  gather_facts: false\n  connection: local\n  tasks:\n" + tasks);
                var output = new List<string>();
                var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-playbook", ["-i", inventory, playbook]) { Environment = await PluginEnvironmentAsync() },
                    (_, l) => { lock (output) output.Add(l); }, CancellationToken.None);
                var text = string.Join('\n', output);
                Assert.True(result.ExitCode == 0, text);
                Assert.Contains("ok=1", text); // the play found the host through the group
                return text;
            }

            Assert.DoesNotContain("Invalid characters were found in group names", await PlayAsync("    - debug: {msg: \"{{ group_names }}\"}\n"));
            Assert.Contains("Invalid characters were found in group names but not replaced",
                await PlayAsync("    - group_by: {key: user-made}\n"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Kiln's two plugins as a bake sets them up (the inventory plugin, and the callback that records changed
    /// tasks, in one run directory): Ansible says nothing about them, and the callback records the play.</summary>
    [Fact]
    public async Task Kilns_plugins_bring_no_warning()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-plugins-").FullName;
        try
        {
            var inventory = Path.Combine(dir, "inventory.yml");
            await File.WriteAllTextAsync(inventory, AnsibleInventory.Render(Host with { Address = "127.0.0.1" }, ["dev-api"]));
            var playbook = Path.Combine(dir, "play.yml");
            await File.WriteAllTextAsync(playbook, "- hosts: dev-api\n  gather_facts: false\n  connection: local\n  tasks:\n    - command: 'true'\n");
            var env = new Dictionary<string, string>();
            var plugins = await InventoryPlugin.WriteAsync(Path.Combine(dir, "inventory-plugins"), CancellationToken.None);
            InventoryPlugin.AddTo(env, plugins);
            var changes = Path.Combine(dir, "changes.jsonl");
            await AnsibleChanges.AddToAsync(env, plugins, changes, CancellationToken.None);
            var output = new List<string>();
            var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-playbook", ["-i", inventory, playbook]) { Environment = env },
                (_, l) => { lock (output) output.Add(l); }, CancellationToken.None);
            var text = string.Join('\n', output);
            Assert.True(result.ExitCode == 0, text);
            Assert.Contains("changed=1", text);
            Assert.DoesNotContain("WARNING", text);
            Assert.True(File.Exists(changes) && new FileInfo(changes).Length > 0, $"the callback wrote nothing to {changes}\n{text}");
        }
        finally { Directory.Delete(dir, true); }
    }

    private static async Task<IReadOnlyDictionary<string, string>> PluginEnvironmentAsync()
    {
        var env = new Dictionary<string, string>();
        InventoryPlugin.AddTo(env, await InventoryPlugin.WriteAsync(Path.Combine(Path.GetTempPath(), "kiln-inventory-plugin-tests"), CancellationToken.None));
        return env;
    }
}
