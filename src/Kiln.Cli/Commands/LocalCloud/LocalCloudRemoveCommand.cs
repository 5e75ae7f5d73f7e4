using System.ComponentModel;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

/// <summary>`kiln local-cloud remove [--yes]`: takes this KILN_HOME's local cloud off the machine — its instances'
/// containers, its images in podman, its state and key — and leaves Kiln's run history. Without --yes it lists what
/// would go and changes nothing. It refuses while a `serve` of the home listens or a bake on it is alive.</summary>
public sealed class LocalCloudRemoveCommand : AsyncCommand<LocalCloudRemoveCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--yes")] [Description("remove without asking again: the images cannot be recovered")] public bool Yes { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        var podman = new PodmanClient();
        var footprint = await LocalCloudRemoval.FootprintAsync(paths, podman, ct);
        if (footprint.IsEmpty)
        {
            Console.WriteLine($"local cloud: nothing of {paths.Home} to remove");
            return ExitCodes.Ok;
        }
        await RefuseWhileInUseAsync(paths, ct);
        var what = $"{footprint.Containers.Count} container(s), {footprint.Images.Count} image name(s) in podman" +
            (footprint.DirectoryExists ? $" and {footprint.Directory}" : "");
        if (!settings.Yes)
        {
            Console.WriteLine($"would remove {what}");
            foreach (var name in footprint.Containers.Concat(footprint.Images)) Console.WriteLine($"  {name}");
            throw new KilnInputException("nothing was removed: add --yes to remove the local cloud and its images (they cannot be recovered)");
        }
        await LocalCloudRemoval.RemoveAsync(paths, podman, ct);
        Console.WriteLine($"removed {what}");
        return ExitCodes.Ok;
    }

    private static async Task RefuseWhileInUseAsync(KilnPaths paths, CancellationToken ct)
    {
        if (await LocalCloudConnection.FindRunningAsync(paths, ct) is { } endpoint)
            throw new KilnInputException($"`kiln local-cloud serve` of {paths.Home} is listening on {endpoint}: stop it (Ctrl-C) first");
        await using var history = await RunStoreFactory.OpenAsync(Environment.GetEnvironmentVariable("KILN_DB"), paths, ct);
        var live = (await RunLiveness.JudgeUnfinishedAsync(history, Environment.MachineName, new ProcProcessTable(), ct))
            // A run on another host (a shared KILN_DB) used that host's podman, not this one's.
            .Where(v => !v.Dead && v.Run.Cloud.StartsWith("local", StringComparison.Ordinal)
                && string.Equals(v.Run.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (live.Count > 0)
            throw new KilnInputException(live.Select(v => $"run {v.Run.Id.Value} on the local cloud is not finished: {v.Reason}; " +
                "wait for it, or stop it and run `kiln gc`").ToList());
    }
}
