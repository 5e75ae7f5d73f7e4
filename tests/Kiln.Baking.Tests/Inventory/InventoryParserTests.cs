using Kiln.Baking.Inventory;
using Kiln.Core.Inventory;

namespace Kiln.Baking.Tests.Inventory;

public sealed class InventoryParserTests
{
    private const string Hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Packages_entries_and_hashes_become_one_sorted_manifest()
    {
        var parsed = InventoryParser.Parse([
            "P\tzsh\t5.9-4\tamd64",
            "P\tcurl\t7.88.1-10\tamd64",
            "R\t2049\t/etc",
            "E\t2049\td\t755\troot:root\t4096\t/etc",
            "E\t2049\tf\t640\troot:adm\t0\t/etc/with\ttab",
            "E\t2049\tf\t644\troot:root\t0\t/etc/motd",
            "E\t2049\tl\t777\troot:root\t12\t/etc/localtime",
            $"H\t{Hash}  /etc/motd",
            $"H\t{Hash}  /etc/with\ttab",
        ]);
        Assert.Equal(["curl", "zsh"], parsed.Packages.Select(p => p.Name));
        Assert.Equal(new PackageEntry("curl", "7.88.1-10", "amd64"), parsed.Packages[0]);
        Assert.Equal([
            new FileEntry("/etc", "d", "755", "root:root", 4096, null),
            new FileEntry("/etc/localtime", "l", "777", "root:root", 12, null),
            new FileEntry("/etc/motd", "f", "644", "root:root", 0, Hash),
            new FileEntry("/etc/with\ttab", "f", "640", "root:adm", 0, Hash),
        ], parsed.Files);
        Assert.Equal(0, parsed.Skipped);
    }

    [Fact]
    public void An_entry_on_another_device_than_its_root_is_a_mount_not_part_of_the_image()
    {
        var parsed = InventoryParser.Parse([
            "R\t2049\t/etc", "R\t77\t/home",
            "E\t2049\tf\t644\troot:root\t10\t/etc/hostname.d",
            "E\t51\tf\t644\troot:root\t10\t/etc/hosts",
            "E\t77\td\t755\troot:root\t10\t/home",
        ]);
        Assert.Equal(["/etc/hostname.d", "/home"], parsed.Files.Select(f => f.Path));
    }

    [Fact]
    public void Lines_it_cannot_read_are_counted_not_fatal()
    {
        var parsed = InventoryParser.Parse(["P\tonly-two", "E\t1\tf\t644\troot:root\tbig\t/etc/x", $"H\t\\{Hash}  /etc/new\\nline", "garbage", ""]);
        Assert.Equal((0, 0, 4), (parsed.Packages.Count, parsed.Files.Count, parsed.Skipped));
    }

    /// <summary>The command itself, run by the local shell over a directory made here: what find, stat, sha256sum and
    /// dpkg-query print is what the parser reads (the same GNU tools as on the instance).</summary>
    [Fact]
    public async Task The_remote_command_run_locally_lists_packages_and_every_entry_with_its_hash()
    {
        var root = Directory.CreateTempSubdirectory("kiln-inventory-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "conf.d"));
            await System.IO.File.WriteAllTextAsync(Path.Combine(root, "conf.d", "app.conf"), "");
            System.IO.File.CreateSymbolicLink(Path.Combine(root, "link"), "conf.d/app.conf");
            var lines = new List<string>();
            var result = await Kiln.Baking.Processes.ChildProcess.RunAsync(
                new Kiln.Baking.Processes.ProcessSpec("sh", ["-c", InventoryCommand.For([root, "/no/such/root"])]),
                (stream, line) => { if (stream == "stdout") lines.Add(line); }, CancellationToken.None);
            Assert.Equal(0, result.ExitCode);
            var parsed = InventoryParser.Parse(lines);
            Assert.Contains(parsed.Packages, p => p.Name == "dpkg");
            Assert.Equal([(root, "d", null), ($"{root}/conf.d", "d", null), ($"{root}/conf.d/app.conf", "f", Hash), ($"{root}/link", "l", null)],
                parsed.Files.Select(f => (f.Path, f.Type, f.Sha256)));
            Assert.Equal(0, parsed.Skipped);
        }
        finally { Directory.Delete(root, true); }
    }
}
