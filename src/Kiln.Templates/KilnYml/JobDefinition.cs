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

    /// <summary>Roll the family's newest image (or the image of the bake that chained to it) out to a group: an Auto
    /// Scaling group on EC2, a managed instance group on Compute Engine; or, with <see cref="DeployJobOptions.Rollback"/>,
    /// put back what the group's last deploy replaced (`rollback:` in kiln.yml).</summary>
    public sealed record Deploy(Family Family, string Group, DeployJobOptions? Options = null) : JobAction
    {
        public DeployJobOptions With => Options ?? new DeployJobOptions();
    }

    /// <summary>Keep the newest <paramref name="Keep"/> images of the family.</summary>
    public sealed record Prune(Family Family, string Keep) : JobAction;
}

/// <summary>The options of a deploy job, as `kiln deploy` takes them. Null: the CLI's default (the strategy: rolling on
/// Compute Engine, blue-green on EC2, decided by the server's cloud at each start).</summary>
/// <param name="Create">`create:` — the group's first deploy, with its load balancer (<see cref="DeployCreate"/>).</param>
/// <param name="Timeout">Seconds new instances get to turn healthy before the deploy is withdrawn.</param>
public sealed record DeployJobOptions(
    bool Rollback = false, string? Strategy = null, int? MinHealthy = null, int? Canary = null, bool Promote = false,
    int? Timeout = null, DeployCreate? Create = null);

/// <summary>`create: {lb: NAME:PORT, capacity: N, port: P, machine_type: T}`: the load balancer (EC2: target group;
/// Compute Engine: health check, backend service and forwarding rule) of that name listening on that port.</summary>
public sealed record DeployCreate(string LoadBalancer, int ListenPort, int Capacity, int? Port, string? MachineType);

/// <summary>A standard five-field cron expression (validated with Cronos) in an IANA time zone.</summary>
public sealed record JobSchedule(string Cron, string TimeZone);

/// <summary>queue: a start while running waits its turn; refuse: it is rejected.</summary>
public enum JobConcurrency { Queue, Refuse }
