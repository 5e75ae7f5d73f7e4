using Kiln.Core.Inventory;

namespace Kiln.Core.Tests.Inventory;

public sealed class InventoryDiffTests
{
    private static readonly Dictionary<string, string> NoVars = new();

    private static InventoryLineage Lineage(string source = "ami-1", string commit = "c1", string version = "1.0.0",
        Dictionary<string, string>? vars = null, Dictionary<string, string>? components = null) =>
        new(source, null, commit, false, version, "digest", vars ?? NoVars, components ?? NoVars);

    private static FileEntry File(string path, string mode = "644", string owner = "root:root", string? sha = "aa", string type = "f") =>
        new(path, type, mode, owner, 10, type == "f" ? sha : null);

    [Fact]
    public void Packages_are_added_removed_and_changed_by_name_in_name_order()
    {
        var d = InventoryDiff.Packages(
            [new("curl", "7.1", "amd64"), new("nginx", "1.22", "amd64"), new("vim", "9.0", "amd64")],
            [new("zsh", "5.9", "amd64"), new("nginx", "1.24", "amd64"), new("curl", "7.1", "amd64"), new("apache2", "2.4", "amd64")]);
        Assert.Equal(["apache2", "zsh"], d.Added.Select(p => p.Name));
        Assert.Equal(["vim"], d.Removed.Select(p => p.Name));
        Assert.Equal([new PackageChange("nginx", "1.22 (amd64)", "1.24 (amd64)")], d.Changed);
    }

    [Fact]
    public void A_package_installed_for_two_architectures_is_compared_per_architecture()
    {
        var d = InventoryDiff.Packages(
            [new("libc6", "2.36", "amd64"), new("libc6", "2.36", "i386")],
            [new("libc6", "2.37", "amd64"), new("libc6", "2.36", "i386")]);
        Assert.Equal((0, 0), (d.Added.Count, d.Removed.Count));
        Assert.Equal([new PackageChange("libc6", "2.36 (amd64)", "2.37 (amd64)")], d.Changed);
    }

    [Fact]
    public void Files_name_what_changed_mode_owner_content_or_type_and_ignore_a_directory_size()
    {
        var d = InventoryDiff.Files(
            [File("/etc/a"), File("/etc/b"), File("/etc/c"), File("/etc/gone"), File("/etc/d", type: "d") with { Size = 4096 }, File("/etc/e")],
            [File("/etc/a"), File("/etc/b", mode: "600"), File("/etc/c", owner: "app:app", sha: "bb"), File("/etc/new"),
             File("/etc/d", type: "d") with { Size = 8192 }, File("/etc/e", type: "l")]);
        Assert.Equal(["/etc/new"], d.Added.Select(f => f.Path));
        Assert.Equal(["/etc/gone"], d.Removed.Select(f => f.Path));
        Assert.Equal([("/etc/b", "mode"), ("/etc/c", "owner,content"), ("/etc/e", "type")],
            d.Changed.Select(c => (c.Path, string.Join(',', c.Changed))));
    }

    [Fact]
    public void The_changed_tasks_are_those_of_the_newer_image_bake()
    {
        var older = new ImageInventory([], [], ImageInventory.DefaultRoots, Lineage()) { Ansible = [new AnsibleRecap("dev.yml", 1, [new ChangedTask("all", "old")])] };
        var newer = older with { Ansible = [new AnsibleRecap("dev.yml", 2, [new ChangedTask("all", "common : a"), new ChangedTask("all", "nginx : b")])] };
        var d = InventoryDiff.Between("a", older, "b", newer);
        Assert.Equal(["common : a", "nginx : b"], Assert.Single(d.ChangedTasks).Tasks.Select(t => t.Task));
        Assert.Empty(InventoryDiff.Between("b", newer, "a", new ImageInventory([], [], [], Lineage())).ChangedTasks);
    }

    [Fact]
    public void Equal_inventories_have_no_difference_and_no_differing_input()
    {
        var inventory = new ImageInventory([new("curl", "7.1", "amd64")], [File("/etc/a")], ImageInventory.DefaultRoots, Lineage());
        var d = InventoryDiff.Between("a", inventory, "b", inventory);
        Assert.True(d.IsEmpty);
        Assert.Empty(d.Inputs);
    }

    [Fact]
    public void Inputs_name_the_source_the_commit_each_extra_var_kiln_version_and_each_other_input()
    {
        var before = Lineage(vars: new() { ["group"] = "x1", ["category"] = "y" }, components: new() { ["kiln.yml"] = "k1", [InventoryDiff.VarsComponent] = "v1" });
        var after = Lineage("ami-2", "0123456789abcdef", "1.1.0", new() { ["group"] = "x2", ["category"] = "y", ["extra"] = "z" },
            new() { ["kiln.yml"] = "k2", [InventoryDiff.VarsComponent] = "v2" });
        Assert.Equal([
            "source image ami-1 → ami-2",
            "playbook commit c1 → 0123456789ab",
            "extra vars: extra, group",
            "Kiln version 1.0.0 → 1.1.0",
            "kiln.yml changed",
        ], InventoryDiff.Inputs(before, after));
    }
}
