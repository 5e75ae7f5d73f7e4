using System.Text;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Metadata;

/// <summary>
/// What Google's guest environment does with `ssh-keys` metadata, done from outside: the instance's effective keys
/// (its own, and the project's unless it blocks them) are written to its boot directory, and the guest script
/// (<see cref="GuestScript"/>) applies them at boot and, through `podman exec`, as soon as the metadata changes, so a
/// metadata operation that is DONE has reached a running instance.
/// </summary>
public static class GuestEnvironment
{
    public const string KeysFile = "ssh-keys", ScriptFile = "guest-keys.sh";

    /// <summary>Google's rules: instance `ssh-keys` (and legacy `sshKeys`), plus the project's unless the instance sets
    /// `block-project-ssh-keys` to true or has legacy `sshKeys`.</summary>
    public static string EffectiveKeys(GceMetadata instance, GceMetadata project)
    {
        var lines = new List<string>();
        void Add(string? value)
        {
            if (value is null) return;
            lines.AddRange(value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        }
        Add(instance.Get("ssh-keys"));
        Add(instance.Get("sshKeys"));
        var blocked = string.Equals(instance.Get("block-project-ssh-keys")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            || instance.Get("sshKeys") is not null;
        if (!blocked)
        {
            Add(project.Get("ssh-keys"));
            Add(project.Get("sshKeys"));
        }
        return lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
    }

    /// <summary>The files a new instance's boot directory starts with.</summary>
    public static Dictionary<string, byte[]> BootFiles(GceMetadata instance, GceMetadata project) => new()
    {
        [KeysFile] = Encoding.UTF8.GetBytes(EffectiveKeys(instance, project)),
        [ScriptFile] = Encoding.UTF8.GetBytes(GuestScript.Text),
    };

    /// <summary>Writes one instance's keys and, when it runs, applies them now.</summary>
    public static async Task ApplyAsync(CloudServices cloud, string instancePath, CancellationToken ct)
    {
        var (instance, project) = cloud.State.Read(tx =>
            (tx.Get<GceInstanceRecord>(instancePath), tx.Get<GceInstanceRecord>(instancePath) is { } i ? GceProjects.Get(tx, i.Project) : null));
        if (instance is null || project is null) return;
        await cloud.Machines.WriteFileAsync(instance.MachineId, KeysFile,
            Encoding.UTF8.GetBytes(EffectiveKeys(instance.Metadata, project.Metadata)), ct);
        // The attribute files follow the metadata too (a changed startup-script runs at the next boot, as on Google).
        var attributes = Path.Combine(cloud.Machines.BootDirectory(instance.MachineId), InstanceMetadataFiles.Directory, "attributes");
        if (Directory.Exists(attributes)) Directory.Delete(attributes, recursive: true);
        foreach (var item in instance.Metadata.Items)
            await cloud.Machines.WriteFileAsync(instance.MachineId, $"{InstanceMetadataFiles.Directory}/attributes/{item.Key}",
                Encoding.UTF8.GetBytes(item.Value ?? ""), ct);
        if (instance.Status != "RUNNING") return; // applied at the next boot
        var r = await cloud.Podman.ExecAsync(["exec", cloud.Machines.ContainerName(instance.MachineId), "sh", $"{Podman.ContainerSettings.BootMount}/{ScriptFile}"], ct);
        if (!r.Ok) cloud.Trace($"local-cloud: gce: applying ssh-keys in {instance.Name} failed: {r.Stderr.Trim()}");
    }

    /// <summary>After a project's metadata changed: every instance of the project, in parallel.</summary>
    public static Task ApplyProjectKeysAsync(CloudServices cloud, string project, CancellationToken ct)
    {
        var instances = cloud.State.Read(tx => tx.All<GceInstanceRecord>(nameGlobs: [$"projects/{project}/zones/*/instances/*"]));
        return Task.WhenAll(instances.Select(i => ApplyAsync(cloud, i.Id, ct)));
    }
}
