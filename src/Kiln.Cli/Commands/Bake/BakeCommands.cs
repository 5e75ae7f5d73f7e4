using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Bake;

/// <summary>`kiln bake`, `kiln images`, `kiln diff`, `kiln prune`, `kiln gc`, `kiln demo`.</summary>
public static class BakeCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<BakeCommand>("bake").WithDescription("bake a new image of a family: source → instance → Ansible → image → retention")
            .WithExample("bake", "hoge", "dev", "api", "--dir", "examples/hoge_playbooks");
        config.AddCommand<ImagesCommand>("images").WithDescription("list the generations of a family, newest first");
        config.AddCommand<Diff.DiffCommand>("diff").WithDescription("what changed between two images: packages, files, inputs (default: a family's newest against the one before)")
            .WithExample("diff", "hoge-dev-api-base");
        config.AddCommand<PruneCommand>("prune").WithDescription("keep the newest N images of a family; deregister the rest");
        config.AddCommand<GcCommand>("gc").WithDescription("remove what dead runs left behind and mark them interrupted");
        config.AddCommand<DemoCommand>("demo").WithDescription("prepare the local cloud and bake the example family");
    }
}
