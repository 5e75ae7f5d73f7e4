using Kiln.Core.Jobs;
using Kiln.Core.Naming;

namespace Kiln.Templates.KilnYml;

/// <summary>One job of kiln.yml's `jobs:` section, for the job server: what it does, what runs after it succeeds,
/// when it runs by itself, what happens when it is started while already running, and its options, notifications,
/// retries, time limit and failure handlers.</summary>
public sealed record JobDefinition(string Name, JobAction Action, IReadOnlyList<string> Then, JobSchedule? Schedule,
    JobConcurrency Concurrency, JobExtras Extras)
{
    public JobDefinition(string name, JobAction action, IReadOnlyList<string> then, JobSchedule? schedule, JobConcurrency concurrency)
        : this(name, action, then, schedule, concurrency, JobExtras.None) { }
}

public abstract record JobAction
{
    /// <summary>`kiln bake ACCOUNT ENV CATEGORY` in the kiln.yml's directory, or with <paramref name="Repo"/> the
    /// `kiln bake … --repo REPO --ref REF` (the repository's own kiln.yml is read at each start), with extra vars for
    /// the playbook. Fields may hold `${option.NAME}` (substituted at each start); <paramref name="Keep"/> is then text too.</summary>
    public sealed record Bake(string Account, string Env, string Category, string Directory, string? Keep,
        IReadOnlyDictionary<string, string>? ExtraVars = null, string? Repo = null, string? Ref = null) : JobAction
    {
        public Family Family => Family.For(Account, Env, Category);
    }

    /// <summary>Roll the family's newest image out to an Auto Scaling group.</summary>
    public sealed record Deploy(Family Family, string Group) : JobAction;

    /// <summary>Keep the newest <paramref name="Keep"/> images of the family.</summary>
    public sealed record Prune(Family Family, string Keep) : JobAction;
}

/// <summary>A standard five-field cron expression (validated with Cronos) in an IANA time zone.</summary>
public sealed record JobSchedule(string Cron, string TimeZone);

/// <summary>queue: a start while running waits its turn; refuse: it is rejected.</summary>
public enum JobConcurrency { Queue, Refuse }
