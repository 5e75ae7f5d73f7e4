using Kiln.Baking.Ssh;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>One local file or directory and where it goes on the instance (a directory's contents go into
/// <paramref name="Remote"/>).</summary>
public sealed record StagedUpload(string Local, string Remote, bool IsDirectory);

/// <summary>What ansible-local does on the instance, decided before it connects, as Packer's provisioner decides it:
/// the staging directory (playbook_dir's contents, or empty), what goes where inside it, the inventory, and the
/// commands: `cd STAGING && COMMAND PLAYBOOK --extra-vars "packer_build_name=… packer_builder_type=… packer_http_addr="
/// EXTRA_ARGUMENTS -c local -i INVENTORY` per playbook, after `GALAXY install -r FILE -p STAGING/roles` when a
/// galaxy_file is given. extra_arguments are joined with spaces for the remote shell to split, as Packer joins them.</summary>
public sealed record AnsibleLocalPlan(string Staging, IReadOnlyList<StagedUpload> Uploads, string Inventory, string? InventoryContent,
    string? Galaxy, IReadOnlyList<string> Playbooks)
{
    /// <summary>The inventory Kiln writes when no inventory_file is given (Packer's temporary file's content).</summary>
    public const string InventoryName = "packer-provisioner-ansible-local-inventory";

    public static AnsibleLocalPlan For(AnsibleLocalProvisionerSpec spec, string buildName, string builderType)
    {
        var staging = spec.StagingDirectory ?? $"{AnsibleLocalProvisionerSpec.DefaultStagingRoot}/{Guid.CreateVersion7():N}";
        var uploads = new List<StagedUpload>();
        if (spec.PlaybookDirectory is { } dir) uploads.Add(new(dir, staging, true));
        var playbooks = new List<string>();
        if (spec.PlaybookFile is { } file)
        {
            uploads.Add(new(file, $"{staging}/{Path.GetFileName(file)}", false));
            playbooks.Add($"{staging}/{Path.GetFileName(file)}");
        }
        foreach (var playbook in spec.PlaybookFiles)
        {
            if (spec.PlaybookDirectory is { } inside && playbook.StartsWith(inside.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                playbooks.Add(staging + playbook[inside.TrimEnd('/').Length..]);
                continue;
            }
            uploads.Add(new(playbook, staging + playbook, false));
            playbooks.Add(staging + playbook);
        }
        if (spec.GalaxyFile is { } galaxy) uploads.Add(new(galaxy, $"{staging}/{Path.GetFileName(galaxy)}", false));
        var inventory = $"{staging}/{(spec.InventoryFile is { } own ? Path.GetFileName(own) : InventoryName)}";
        if (spec.InventoryFile is { } given) uploads.Add(new(given, inventory, false));
        if (spec.GroupVars is { } groupVars) uploads.Add(new(groupVars, $"{staging}/group_vars", true));
        if (spec.HostVars is { } hostVars) uploads.Add(new(hostVars, $"{staging}/host_vars", true));
        uploads.AddRange(spec.RolePaths.Select(r => new StagedUpload(r, $"{staging}/roles/{Path.GetFileName(r.TrimEnd('/'))}", true)));
        uploads.AddRange(spec.PlaybookPaths.Select(p => new StagedUpload(p, $"{staging}/playbooks/{Path.GetFileName(p.TrimEnd('/'))}", true)));

        var cd = $"cd {SshClient.Quote(staging)} && ";
        var vars = $" --extra-vars \"packer_build_name={buildName} packer_builder_type={builderType} packer_http_addr=\"";
        var extra = spec.ExtraArguments.Count > 0 ? " " + string.Join(' ', spec.ExtraArguments) : "";
        return new AnsibleLocalPlan(staging, uploads, inventory,
            spec.InventoryFile is null ? InventoryFor(spec.InventoryGroups) : null,
            spec.GalaxyFile is { } g
                ? $"{cd}{spec.GalaxyCommand} install -r {SshClient.Quote($"{staging}/{Path.GetFileName(g)}")} -p {SshClient.Quote($"{staging}/roles")}"
                : null,
            playbooks.Select(p => $"{cd}{spec.Command} {SshClient.Quote(p)}{vars}{extra} -c local -i {SshClient.Quote(inventory)}").ToList());
    }

    /// <summary>127.0.0.1, in each of the inventory_groups when some are given.</summary>
    public static string InventoryFor(IReadOnlyList<string> groups) =>
        groups.Count == 0 ? "127.0.0.1\n" : string.Concat(groups.Select(g => $"[{g}]\n127.0.0.1\n"));
}
