using Kiln.Core;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Setup;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud;

/// <summary>The base image registered in this KILN_HOME (tag `kiln:base=true`).</summary>
public sealed record LocalCloudBaseImage(ImageId Id, string Name, DateTimeOffset Created);

/// <summary>`kiln local-cloud init`: credentials, state, and the base image. Idempotent; a second call returns at once.</summary>
public static class LocalCloudSetup
{
    public const string BaseTag = "kiln:base";

    public static bool IsInitialized(KilnPaths paths)
    {
        var layout = new LocalCloudLayout(paths);
        return File.Exists(layout.CredentialsFile) && File.Exists(layout.StateDatabase)
            && new StateStore(layout.StateDatabase).Read(FindBase) is not null;
    }

    public static async Task<LocalCloudBaseImage> InitAsync(KilnPaths paths, TextWriter progress, CancellationToken ct)
    {
        RequireRoot();
        var layout = new LocalCloudLayout(paths);
        KilnPaths.EnsurePrivateDirectory(layout.Root);
        CredentialsFile.Ensure(layout);
        var state = new StateStore(layout.StateDatabase);
        var podman = new PodmanClient();

        var known = state.Read(FindBase);
        if (known is not null && await podman.ImageExistsAsync(layout.PodmanImage(known.Id), ct))
            return Describe(known);

        await RequireTools(ct);
        await BaseImage.EnsureAsync(podman, progress, ct);
        if (known is not null)
        {
            // Registered here, but its podman name was removed (by hand, or a podman reset): name the base again.
            await podman.TagAsync(BaseImage.PodmanName, layout.PodmanImage(known.Id), ct);
            progress.WriteLine($"restored the podman image of the base image {known.Id}");
            return Describe(known);
        }
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();
        var candidate = new ImageRecord(ResourceIds.New("ami"), $"{BaseImage.Family}-{now:yyyyMMdd-HHmm}",
            "Debian 12 (bookworm) made by kiln local-cloud init: ec2-user, sudo, python3, sshd", "available", now,
            BaseImage.LoginUser, [new BlockDevice("/dev/xvda", ResourceIds.New("snap"), BaseImage.VolumeSizeGb)],
            new Dictionary<string, string> { [BaseTag] = "true", [KilnTags.Family] = BaseImage.Family });
        await podman.TagAsync(BaseImage.PodmanName, layout.PodmanImage(candidate.Id), ct);
        var registered = state.Write(tx =>
        {
            LocalAccount.EnsureDefaultGroup(tx, now);
            if (FindBase(tx) is { } other) return other; // a concurrent init won
            tx.Put(candidate);
            foreach (var snap in ImageSnapshots.For(candidate, "Created by kiln local-cloud init", now)) tx.Put(snap);
            return candidate;
        });
        if (registered.Id != candidate.Id) await podman.RemoveImageAsync(layout.PodmanImage(candidate.Id), ct);
        else progress.WriteLine($"registered the base image {registered.Id} ({registered.Name})");
        return Describe(registered);
    }

    private static ImageRecord? FindBase(StateTx tx) =>
        tx.All<ImageRecord>().FirstOrDefault(i => i.Tags.GetValueOrDefault(BaseTag) == "true" && i.State == "available");

    private static LocalCloudBaseImage Describe(ImageRecord i) => new(new ImageId(i.Id), i.Name, i.Created);

    /// <summary>Instances are rootful podman containers (own loopback address, published port 22).</summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new KilnInputException(
                "the local cloud runs its instances as rootful podman containers: run this command as root (for example with sudo)");
    }

    private static async Task RequireTools(CancellationToken ct)
    {
        var missing = new List<string>();
        foreach (var tool in new[] { "podman", "runc", "debootstrap", "ssh-keygen" })
        {
            var r = await ProcessRunner.RunAsync("sh", ["-c", "command -v \"$1\"", "sh", tool], ct);
            if (!r.Ok) missing.Add(tool);
        }
        if (missing.Count > 0)
            throw new KilnInputException(
                $"the local cloud needs {string.Join(", ", missing)}: install them with scripts/install-deps.sh (Debian 12)");
    }
}
