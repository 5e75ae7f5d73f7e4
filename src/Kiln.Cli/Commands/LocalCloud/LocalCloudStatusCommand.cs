using Kiln.Core;
using Kiln.LocalCloud;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

public sealed class LocalCloudStatusCommand : AsyncCommand<LocalCloudStatusCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        var s = await LocalCloudStatus.ReadAsync(paths, ct);
        if (!s.Initialized)
        {
            Console.WriteLine($"local cloud: not initialized in {paths.Home} (run `./kiln local-cloud init`)");
            return ExitCodes.Ok;
        }
        Console.WriteLine(s.Endpoint is { } e
            ? $"local cloud: serving on {e}"
            : "local cloud: no endpoint running (`./kiln local-cloud serve` starts one; other commands start their own)");
        Console.WriteLine($"state:       {Path.Combine(paths.LocalCloud, "state.db")}");
        Console.WriteLine($"images:      {s.Images} ({s.Snapshots} snapshots)");
        Console.WriteLine($"instances:   {s.Instances} ({s.RunningInstances} running)");
        Console.WriteLine($"key pairs:   {s.KeyPairs}");
        Console.WriteLine($"groups:      {s.SecurityGroups}");
        Console.WriteLine($"templates:   {s.LaunchTemplates}");
        return ExitCodes.Ok;
    }
}
