using Kiln.Core;
using Kiln.LocalCloud;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

/// <summary>`kiln local-cloud init`: idempotent; the first run on a machine takes about two minutes (debootstrap).</summary>
public sealed class LocalCloudInitCommand : AsyncCommand<LocalCloudInitCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        var image = await LocalCloudSetup.InitAsync(paths, Console.Error, ct);
        Console.WriteLine($"local cloud ready in {paths.LocalCloud}: base image {image.Id} ({image.Name})");
        return ExitCodes.Ok;
    }
}
