using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.LocalCloud;
using Kiln.Templates.KilnYml;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Bake;

/// <summary>`kiln demo`: prepares the local cloud (once) and bakes the example family `hoge dev api` from
/// examples/hoge_playbooks, then lists its generations.</summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var examples = FindExamples();
        using var cancel = new Cancellation(cancellationToken);
        var paths = KilnPaths.FromEnvironment();
        await LocalCloudSetup.InitAsync(paths, Console.Out, cancel.Token);
        var plan = KilnConfigReader.Read(new BakeRequest("hoge", "dev", "api", examples, null, null, null, TimeProvider.System.GetUtcNow()));
        var result = await BakeRunner.RunAsync(plan.Spec, plan.Secrets, "bake", $"demo: bake hoge dev api --dir {examples}", null, Console.Out, cancel.Token);
        BakeOutput.Print(result, json: false);
        if (result.Succeeded)
            Console.WriteLine($"\nNext: ./kiln images hoge-dev-api-base · ./kiln runs show {result.Run} · ./kiln bake hoge dev api --dir {examples}");
        return BakeOutput.ExitCode(result);
    }

    private static string FindExamples()
    {
        var root = Environment.GetEnvironmentVariable("KILN_REPO_ROOT");
        for (var dir = root ?? AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "examples", "hoge_playbooks");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new KilnInputException("examples/hoge_playbooks was not found: run `./kiln demo` from Kiln's source tree");
    }
}
