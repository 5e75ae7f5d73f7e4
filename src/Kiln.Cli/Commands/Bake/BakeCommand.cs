using System.ComponentModel;
using Kiln.Baking.Git;
using Kiln.Baking.Testing;
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
        [CommandOption("--repo <URL>")] [Description("bake from this git repository instead of a directory: a path, file://, https:// or ssh:// URL")]
        public string? Repo { get; init; }
        [CommandOption("--ref <REF>")] [Description("the branch, tag or commit of --repo to bake (default: its default branch)")]
        public string? Ref { get; init; }
        [CommandOption("--force")] [Description("bake even when the family's newest image was baked from the same inputs")]
        public bool Force { get; init; }
        [CommandOption("--source <IMAGE>")] [Description("source image id or name; default: the family's newest image")]
        public string? Source { get; init; }
        [CommandOption("--keep <N>")] [Description("generations to keep after the bake (default 3)")]
        public int? Keep { get; init; }
        [CommandOption("--ansible-strategy <MODE>")] [Description("plain, pipelining or mitogen (default: mitogen, or ansible.strategy in kiln.yml)")]
        public string? AnsibleStrategy { get; init; }
        [CommandOption("--keep-failed")] [Description("keep an image whose tests failed, tagged kiln:tests=failed (never a source, deployed or counted)")]
        public bool KeepFailed { get; init; }
        [CommandOption("--json")] [Description("print one JSON object (run, image, source, step durations, pruned images)")]
        public bool Json { get; init; }
        [CommandOption("--db <DB>")] [Description("history database (default KILN_HOME/history.db)")]
        public string? Db { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Repo is not null && s.Dir is not null) throw new KilnInputException("give --dir or --repo, not both: a repository's playbooks are at its root");
        if (s.Ref is not null && s.Repo is null) throw new KilnInputException("--ref needs --repo: it names a branch, tag or commit of that repository");
        var strategy = ParseStrategy(s.AnsibleStrategy);
        using var cancel = new Cancellation(cancellationToken);
        var run = RunId.New(TimeProvider.System);
        await using var checkout = s.Repo is null ? null
            : await PlaybookCheckout.CreateAsync(KilnPaths.FromEnvironment(), run, s.Repo, s.Ref ?? "HEAD", Environment.CurrentDirectory, cancel.Token);
        var request = new BakeRequest(s.Account, s.Env, s.Category, checkout?.Root ?? Path.GetFullPath(s.Dir ?? "."),
            s.Source, s.Keep, strategy, TestClock.NameTime(TimeProvider.System));
        var plan = checkout is null ? KilnConfigReader.Read(request) : RepositoryBake.Read(request, checkout);
        var console = s.Json ? Console.Error : Console.Out;
        var arguments = string.Join(' ', context.Arguments.Select(RepositoryUrl.MaskUserInfo));
        var result = await BakeRunner.RunAsync(plan.Spec with { SkipWhenUpToDate = !s.Force, KeepFailedImage = s.KeepFailed }, plan.Secrets, "bake",
            arguments, s.Db, console, cancel.Token, run);
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
