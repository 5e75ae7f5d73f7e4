using Kiln.Core.Jobs;

namespace Kiln.Server.Jobs;

public enum JobKind { Bake, Deploy, Prune }

/// <summary>queue: a second start waits for the family's running job; refuse: it is turned away (409).</summary>
public enum Concurrency { Queue, Refuse }

/// <summary>A job as the server runs it: declared under `jobs:` in kiln.yml. <paramref name="Family"/> is the lock
/// key (one run per family at a time); <paramref name="Then"/> names the jobs started after a success, handed the
/// image this one produced; <paramref name="Schedule"/> is a cron expression (5 fields, or Quartz's 6-7) read in
/// <paramref name="TimeZone"/> (IANA; default UTC).
/// <paramref name="Arguments"/> are what the executor needs (account, env, category, group, keep, …).
/// Family, group and arguments may hold `${option.NAME}`: <see cref="WithOptions"/> gives the job a run runs.</summary>
public sealed record JobDefinition(
    string Name, JobKind Kind, string? Family, string? Group = null, IReadOnlyList<string>? Then = null,
    string? Schedule = null, string? TimeZone = null, Concurrency Concurrency = Concurrency.Queue,
    string? Description = null, IReadOnlyDictionary<string, string>? Arguments = null, JobExtras? Extras = null)
{
    /// <summary>The key runs are serialised on: the family, else the group, else the job itself.</summary>
    public string LockKey => Family ?? (Group is null ? $"job:{Name}" : $"group:{Group}");

    public JobExtras More => Extras ?? JobExtras.None;
    public IReadOnlyList<JobOptionSpec> Options => More.Options;

    /// <summary>This job with `${option.NAME}` replaced by the run's values, wherever a value goes.</summary>
    public JobDefinition WithOptions(IReadOnlyDictionary<string, string> values) => values.Count == 0 && Options.Count == 0 ? this : this with
    {
        Family = Family is null ? null : OptionValues.Substitute(Family, values),
        Group = Group is null ? null : OptionValues.Substitute(Group, values),
        Arguments = Arguments?.ToDictionary(a => a.Key, a => OptionValues.Substitute(a.Value, values)),
    };

    /// <summary>The values of its secure options (to mask in every line and message).</summary>
    public IEnumerable<string> SecureValues(IReadOnlyDictionary<string, string> values) =>
        Options.Where(o => o.Secure && values.ContainsKey(o.Name)).Select(o => values[o.Name]);

    /// <summary>The values a record may show: every option but the secure ones.</summary>
    public IReadOnlyDictionary<string, string> Shown(IReadOnlyDictionary<string, string> values) =>
        values.Where(v => Options.All(o => o.Name != v.Key || !o.Secure)).ToDictionary(v => v.Key, v => v.Value);
}

/// <summary>The jobs a server offers; reloaded by the caller when kiln.yml changes.</summary>
public interface IJobCatalog
{
    IReadOnlyList<JobDefinition> Jobs { get; }
}

public sealed class StaticJobCatalog(IReadOnlyList<JobDefinition> jobs) : IJobCatalog
{
    public IReadOnlyList<JobDefinition> Jobs => jobs;
}

public static class JobCatalogExtensions
{
    public static JobDefinition? Find(this IJobCatalog catalog, string name) =>
        catalog.Jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));
}
