namespace Kiln.Core.Inventory;

/// <summary>One installed package, as dpkg-query or rpm names it.</summary>
public sealed record PackageEntry(string Name, string Version, string Arch);

/// <summary>One entry under an inventory root: find's type letter (`f` file, `d` directory, `l` symlink…), octal
/// mode, `user:group`, size in bytes, and the SHA-256 of a regular file's content (null for anything else). Never
/// the content itself.</summary>
public sealed record FileEntry(string Path, string Type, string Mode, string Owner, long Size, string? Sha256);

/// <summary>What an image was made from, as the bake knew it when it took the inventory: the source image, the
/// playbook commit, Kiln's version, the inputs' digest (`kiln:inputs`) with the digest of each extra var and of each
/// other input (never a value).</summary>
public sealed record InventoryLineage(
    string? SourceImage, string? SourceName, string? PlaybookCommit, bool PlaybookDirty, string? KilnVersion,
    string? InputsDigest, IReadOnlyDictionary<string, string> Vars, IReadOnlyDictionary<string, string> Components);

/// <summary>A task that changed the instance: its play and its name as Ansible shows it (`role : name`). Never
/// anything of its result.</summary>
public sealed record ChangedTask(string Play, string Task);

/// <summary>One ansible-playbook run of the bake (one PLAY RECAP): the playbook's file name, the recap's count of
/// changed tasks (over its hosts) and the tasks that changed something, in the order they ran.</summary>
public sealed record AnsibleRecap(string Playbook, int Changed, IReadOnlyList<ChangedTask> Tasks);

/// <summary>What an image holds, taken over SSH at the end of provisioning: its packages and a manifest of the files
/// under the inventory roots, with the lineage of its bake.</summary>
public sealed record ImageInventory(
    IReadOnlyList<PackageEntry> Packages, IReadOnlyList<FileEntry> Files, IReadOnlyList<string> Roots, InventoryLineage Lineage)
{
    /// <summary>What Ansible changed while provisioning, one recap per ansible-playbook run (empty for inventories
    /// recorded before Kiln recorded them, and for bakes without Ansible).</summary>
    public IReadOnlyList<AnsibleRecap> Ansible { get; init; } = [];

    /// <summary>kiln.yml's `inventory: roots:` when it names none.</summary>
    public static readonly IReadOnlyList<string> DefaultRoots = ["/etc", "/opt", "/usr/local", "/home", "/root"];
}

/// <summary>An inventory as the history holds it: the run that took it and the image that run made.</summary>
public sealed record RecordedInventory(RunId Run, string ImageName, string? ImageId, string? Family, DateTimeOffset Recorded,
    ImageInventory Inventory);
