using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Deploy;

/// <summary>One deploy or rollback at a time per group: an exclusive flock on
/// `KILN_HOME/locks/deploy/CLOUD-WHERE-GROUP.lock` (WHERE: the Compute Engine project and region, the AWS region), which
/// the kernel releases when its holder exits, also after kill -9. The holder's run id is written beside it
/// (`….run`), so that a refused deploy can name the run to wait for. Taken before the first cloud call.</summary>
public sealed partial class DeployLock : IDisposable
{
    private readonly FileStream _held;

    private DeployLock(FileStream held) => _held = held;

    /// <summary>The lock file of a group on a cloud: one per cloud, project or region, and group.</summary>
    public static string PathOf(KilnPaths paths, CloudSpec cloud, string group)
    {
        var where = cloud.Kind switch
        {
            CloudKind.Gcp or CloudKind.LocalGcp => $"{cloud.Project}-{Region(cloud.Zone ?? "")}",
            CloudKind.Aws => cloud.Region,
            _ => "home",
        };
        var name = $"{cloud.Kind.ToString().ToLowerInvariant()}-{where}-{group}";
        return Path.Combine(paths.Home, "locks", "deploy", Unsafe().Replace(name, "_") + ".lock");
    }

    /// <summary>The lock, or null while another process holds it (<paramref name="holder"/>: its run, when recorded).</summary>
    public static DeployLock? TryAcquire(string path, RunId run, out RunId? holder)
    {
        KilnPaths.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // FileShare.None is an exclusive flock(2) on Linux: a second holder, in any process, gets an IOException.
            var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var record = path + ".tmp";
            KilnPaths.WritePrivateFile(record, run.Value);
            File.Move(record, RunFile(path), overwrite: true);
            holder = null;
            return new DeployLock(held);
        }
        catch (IOException)
        {
            holder = File.Exists(RunFile(path)) && File.ReadAllText(RunFile(path)).Trim() is { Length: > 0 } id ? new RunId(id) : null;
            return null;
        }
    }

    /// <summary>The lock, or bad input (exit 2) naming the deploy that holds it.</summary>
    public static DeployLock Acquire(KilnPaths paths, CloudSpec cloud, string group, RunId run) =>
        TryAcquire(PathOf(paths, cloud, group), run, out var holder) ?? throw new KilnInputException(Busy(group, holder));

    /// <summary>Until the lock is free (the job server's deploy jobs queue behind a running deploy of their group);
    /// <paramref name="waiting"/> is told once, with the message a refused `kiln deploy` gives.</summary>
    public static async Task<DeployLock> WaitAsync(KilnPaths paths, CloudSpec cloud, string group, RunId run, Action<string> waiting,
        TimeSpan poll, TimeProvider clock, CancellationToken ct)
    {
        var path = PathOf(paths, cloud, group);
        var told = false;
        while (true)
        {
            if (TryAcquire(path, run, out var holder) is { } taken) return taken;
            if (!told) { waiting(Busy(group, holder) + "; waiting for it"); told = true; }
            await Task.Delay(poll, clock, ct);
        }
    }

    public static string Busy(string group, RunId? holder) => holder is { } h
        ? $"group '{group}' is being deployed by run {h.Value}: one deploy or rollback of a group at a time; wait for it to end (`kiln runs show {h.Value}`)"
        : $"group '{group}' is being deployed by another run: one deploy or rollback of a group at a time; wait for it to end (`kiln runs`)";

    private static string RunFile(string lockPath) => lockPath[..^".lock".Length] + ".run";

    private static string Region(string zone) => zone.LastIndexOf('-') is var i and > 0 ? zone[..i] : zone;

    /// <summary>The file's record of the holder stays: the next holder overwrites it, and it is read only while locked.</summary>
    public void Dispose() => _held.Dispose();

    [GeneratedRegex("[^A-Za-z0-9._-]")] private static partial Regex Unsafe();
}
