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
            var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-inventory", ["-i", file, "--list"]),
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
}
