using System.ComponentModel;
using Kiln.Cli.Infrastructure;
using Kiln.Core.Baking;
using Kiln.Core;
using Kiln.Templates.KilnYml;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Bake;

/// <summary>`kiln bake ACCOUNT ENV CATEGORY`: the article's create_ami.sh + Packer + the three-generation rule.</summary>
public sealed class BakeCommand : AsyncCommand<BakeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ACCOUNT>")] [Description("account (also the AWS profile name on cloud: aws)")]
        public string Account { get; init; } = "";
        [CommandArgument(1, "<ENV>")] [Description("environment: dev, stg, prd, …")]
        public string Env { get; init; } = "";
        [CommandArgument(2, "<CATEGORY>")] [Description("category: api, admin, …")]
        public string Category { get; init; } = "";
        [CommandOption("--dir <PLAYBOOK_DIR>")] [Description("the playbook directory (with kiln.yml when present); default: the current directory")]
        public string? Dir { get; init; }
        [CommandOption("--source <IMAGE>")] [Description("source image id or name; default: the family's newest image")]
        public string? Source { get; init; }
        [CommandOption("--keep <N>")] [Description("generations to keep after the bake (default 3)")]
        public int? Keep { get; init; }
        [CommandOption("--ansible-strategy <MODE>")] [Description("plain, pipelining or mitogen (default: mitogen, or ansible.strategy in kiln.yml)")]
        public string? AnsibleStrategy { get; init; }
        [CommandOption("--json")] [Description("print one JSON object (run, image, source, step durations, pruned images)")]
        public bool Json { get; init; }
        [CommandOption("--db <DB>")] [Description("history database (default KILN_HOME/history.db)")]
        public string? Db { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var plan = KilnConfigReader.Read(new BakeRequest(s.Account, s.Env, s.Category, Path.GetFullPath(s.Dir ?? "."),
            s.Source, s.Keep, ParseStrategy(s.AnsibleStrategy), TimeProvider.System.GetUtcNow()));
        using var cancel = new Cancellation(cancellationToken);
        var console = s.Json ? Console.Error : Console.Out;
        var result = await BakeRunner.RunAsync(plan.Spec, plan.Secrets, "bake",
            string.Join(' ', context.Arguments), s.Db, console, cancel.Token);
        BakeOutput.Print(result, s.Json);
        return BakeOutput.ExitCode(result);
    }

    private static AnsibleStrategy? ParseStrategy(string? value) => value?.ToLowerInvariant() switch
    {
        null => null,
        "plain" => AnsibleStrategy.Plain,
        "pipelining" => AnsibleStrategy.Pipelining,
        "mitogen" => AnsibleStrategy.Mitogen,
        _ => throw new KilnInputException($"--ansible-strategy '{value}' is not known: use plain, pipelining or mitogen"),
    };
}
