using System.Text.RegularExpressions;
using Cronos;
using Kiln.Core.Jobs;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's `jobs:` → <see cref="JobDefinition"/>s, with every reference checked: `then` names existing
/// jobs without a cycle, schedules parse, time zones exist, and each bake job is itself a valid bake. A field may
/// hold `${option.NAME}` of a declared option: then it is checked at each start, with the values given.</summary>
internal static partial class JobsReader
{
    public static IReadOnlyList<JobDefinition> Read(string directory)
    {
        var problems = new Problems();
        var dir = Path.GetFullPath(directory);
        if (!Directory.Exists(dir)) throw new Kiln.Core.KilnInputException($"the directory '{directory}' does not exist");
        var root = KilnYmlFile.Load(dir, problems, out _);
        problems.ThrowIfAny();
        if (root?.Find("jobs")?.Value is not { } node) return [];
        if (node is not ConfigMap jobs)
        {
            problems.At(node, $"jobs must be a mapping of job name to job, got {node.KindName}");
            problems.ThrowIfAny();
            return [];
        }
        var result = new List<JobDefinition>();
        foreach (var entry in jobs.Entries)
        {
            if (!JobName().IsMatch(entry.Key))
                problems.At(entry.KeyPosition, entry.Value.Path, $"job name '{NameRules.Printable(entry.Key)}' may hold only lower-case letters, digits and '-'");
            if (entry.Value is not ConfigMap map)
            {
                problems.At(entry.Value, $"a job must be a mapping (bake:, deploy: or prune:), got {entry.Value.KindName}");
                continue;
            }
            if (ReadJob(entry.Key, new OptionReader(map, problems, $"job '{entry.Key}'"), dir) is { } job) result.Add(job);
        }
        CheckThen(result, jobs, problems);
        problems.ThrowIfAny();
        return result;
    }

    public static Kiln.Core.Jobs.SmtpSettings? ReadSmtp(string directory)
    {
        var problems = new Problems();
        var root = KilnYmlFile.Load(Path.GetFullPath(directory), problems, out _);
        problems.ThrowIfAny();
        if (root is null) return null;
        var smtp = SmtpReader.Read(new OptionReader(root, problems, KilnYmlFile.Name));
        problems.ThrowIfAny(smtp?.Password is { } p ? [p] : null);
        return smtp;
    }

    private static JobDefinition? ReadJob(string name, OptionReader o, string dir)
    {
        var extras = JobExtrasReader.Read(name, o);
        var actions = new[] { "bake", "deploy", "rollback", "prune" }.Where(o.Has).ToList();
        if (actions.Count != 1)
            o.Problems.At(o.Map, actions.Count == 0 ? "a job needs one of bake:, deploy:, rollback: or prune:" : $"a job does one thing: it has {string.Join(" and ", actions)}");
        JobAction? action = actions.FirstOrDefault() switch
        {
            "bake" => Bake(o, dir, extras.Options),
            "deploy" => Deploy(o, extras.Options, "deploy"),
            "rollback" => Deploy(o, extras.Options, "rollback"),
            "prune" => Prune(o, extras.Options),
            _ => null,
        };
        var then = o.StringList("then") ?? [];
        var schedule = Schedule(o);
        var concurrency = o.String("concurrency") switch
        {
            null or "queue" => JobConcurrency.Queue,
            "refuse" => JobConcurrency.Refuse,
            var other => Bad(o, "concurrency", $"'{NameRules.Printable(other)}' is not a concurrency: use queue or refuse"),
        };
        o.ReportUnknown();
        return action is null ? null : new JobDefinition(name, action, then, schedule, concurrency, extras);
    }

    private static JobAction? Bake(OptionReader o, string dir, IReadOnlyList<JobOptionSpec> options)
    {
        if (o.Object("bake") is not { } map) return null;
        var b = o.Nested(map, "bake");
        var (account, env, category) = (Part(b, "account", options), Part(b, "env", options), Part(b, "category", options));
        var keep = Keep(b, options, null);
        var extraVars = b.StringMap("extra_vars");
        foreach (var value in extraVars?.Values ?? []) CheckReferences(b, "extra_vars", value, options);
        var repo = b.String("repo");
        var gitRef = b.String("ref");
        if (gitRef is not null && repo is null) b.Problems.At(b.Node("ref")!, "ref needs repo: it names a branch, tag or commit of that repository");
        if (repo is not null && (repo.Length == 0 || repo.Any(char.IsControl) || repo.StartsWith('-')))
            b.Problems.At(b.Node("repo")!, "repo must be a repository: a path, file://, https:// or ssh:// URL");
        b.ReportUnknown();
        if (account is null || env is null || category is null) return null;
        // A repository's playbooks and kiln.yml are read at each start, from the commit the ref names then.
        if (repo is not null) return new JobAction.Bake(account, env, category, dir, keep, extraVars, repo, gitRef ?? "HEAD");
        // The job must be bakeable: its playbook and settings are checked now, not at 3 a.m. (with the options'
        // defaults; a field whose option has no default is checked at each start instead).
        if (Defaults(options) is { } defaults && new[] { account, env, category }.All(v => OptionValues.Referenced(v).All(defaults.ContainsKey)))
        {
            var request = new BakeRequest(OptionValues.Substitute(account, defaults), OptionValues.Substitute(env, defaults),
                OptionValues.Substitute(category, defaults), dir, null, int.TryParse(OptionValues.Substitute(keep ?? "", defaults), out var k) ? k : null,
                null, DateTimeOffset.UnixEpoch);
            var problems = new Problems();
            KilnConfigReader.Read(request, problems, []);
            foreach (var p in problems.Items) o.Problems.At(map, $"this bake would fail: {p}");
        }
        return new JobAction.Bake(account, env, category, dir, keep, extraVars);
    }

    /// <summary>`deploy:` (with `kiln deploy`'s options) or `rollback:` (family and group only).</summary>
    private static JobAction? Deploy(OptionReader o, IReadOnlyList<JobOptionSpec> options, string key)
    {
        if (o.Object(key) is not { } map) return null;
        var d = o.Nested(map, key);
        var family = FamilyOf(d, options);
        var group = d.String("group");
        if (string.IsNullOrEmpty(group)) d.Problems.At(map, $"{key} needs the group's name (Auto Scaling group or managed instance group): group: NAME");
        else if (group.Length > 200 || group.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '$' or '{' or '}' or '.')))
            d.Problems.At(d.Node("group")!, "group may hold only letters, digits, '-' and '_' (at most 200), or an ${option.NAME}");
        else CheckReferences(d, "group", group, options);
        var with = key == "rollback" ? new DeployJobOptions(Rollback: true) : DeployOptions(d);
        d.ReportUnknown();
        return family is null || string.IsNullOrEmpty(group) ? null : new JobAction.Deploy(family, group, with == new DeployJobOptions() ? null : with);
    }

    /// <summary>`kiln deploy`'s options as keys of `deploy:`, each checked as the command checks it.</summary>
    private static DeployJobOptions DeployOptions(OptionReader d)
    {
        var strategy = d.String("strategy");
        if (strategy is not null and not ("rolling" or "blue-green" or "canary"))
        {
            d.Problems.At(d.Node("strategy")!, $"strategy '{NameRules.Printable(strategy)}' is not known: use rolling, blue-green or canary (Compute Engine)");
            strategy = null;
        }
        int? canary = null;
        if (d.String("canary") is { } share)
        {
            if (int.TryParse(share.TrimEnd('%'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pc) && pc is >= 1 and <= 99)
                canary = pc;
            else d.Problems.At(d.Node("canary")!, $"canary '{NameRules.Printable(share)}' must be a share between 1% and 99% (e.g. canary: 20%)");
            strategy ??= "canary";
        }
        else if (strategy == "canary" && d.Node("promote") is null)
            d.Problems.At(d.Node("strategy")!, "strategy canary needs canary: N% (the share of the group on the new image), or promote: true");
        var promote = d.Bool("promote") ?? false;
        var minHealthy = d.Int("min_healthy", 0, 100);
        var timeout = d.Int("timeout", 1, 86_400);
        DeployCreate? create = null;
        if (d.Object("create") is { } cmap)
        {
            var c = d.Nested(cmap, "create");
            var lb = c.String("lb");
            var parts = lb?.Split(':') ?? [];
            var capacity = c.Int("capacity", 1, 10) ?? 2;
            var port = c.Int("port", 1, 65535);
            var machineType = c.String("machine_type");
            if (port == 22) c.Problems.At(c.Node("port")!, "port must be a port other than 22");
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out var listen) || listen is < 1 or > 65535)
                c.Problems.At(c.Node("lb") ?? (ConfigNode)cmap, "create needs lb: NAME:PORT (EC2: the target group and its port; Compute Engine: the forwarding rule's name and port)");
            else create = new DeployCreate(parts[0], listen, capacity, port, machineType);
            c.ReportUnknown();
        }
        if (promote && (create is not null || canary is not null))
            d.Problems.At(d.Node("promote")!, "promote finishes the canary under way: give it without create: or canary:");
        return new DeployJobOptions(false, strategy, minHealthy, canary, promote, timeout, create);
    }

    private static JobAction? Prune(OptionReader o, IReadOnlyList<JobOptionSpec> options)
    {
        if (o.Object("prune") is not { } map) return null;
        var p = o.Nested(map, "prune");
        var family = FamilyOf(p, options);
        var keep = Keep(p, options, "3");
        p.ReportUnknown();
        return family is null ? null : new JobAction.Prune(family, keep!);
    }

    /// <summary>`keep:` as written: a number from 1 to 1000, or an `${option.NAME}` checked at each start.</summary>
    private static string? Keep(OptionReader o, IReadOnlyList<JobOptionSpec> options, string? fallback)
    {
        if (o.Node("keep") is ConfigScalar { Kind: ScalarKind.String } s && s.Value is { } text && OptionValues.HasReference(text))
        {
            CheckReferences(o, "keep", text, options);
            return text;
        }
        return o.Int("keep", 1, 1000)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? fallback;
    }

    /// <summary>Every option's default (the first allowed value when it has none); null when one has neither.</summary>
    private static Dictionary<string, string>? Defaults(IReadOnlyList<JobOptionSpec> options)
    {
        var result = new Dictionary<string, string>();
        foreach (var spec in options)
            if ((spec.Default ?? spec.Values?.FirstOrDefault()) is { } v) result[spec.Name] = v;
        return result;
    }

    private static void CheckReferences(OptionReader o, string key, string value, IReadOnlyList<JobOptionSpec> options)
    {
        foreach (var name in OptionValues.Referenced(value).Where(n => options.All(s => s.Name != n)))
            o.Problems.At(o.Node(key)!, $"${{option.{name}}} names no option of this job: declare it under options:");
    }

    /// <summary>`family: NAME`, or `account`/`env`/`category` for the article's family.</summary>
    private static Family? FamilyOf(OptionReader o, IReadOnlyList<JobOptionSpec> options)
    {
        if (o.String("family") is { } name)
        {
            if (OptionValues.HasReference(name)) { CheckReferences(o, "family", name, options); return new Family(name); }
            if (FamilyName().IsMatch(name)) return new Family(name);
            o.Problems.At(o.Node("family")!, $"family '{NameRules.Printable(name)}' may hold only lower-case letters, digits and '-'");
            return null;
        }
        if (!o.Has("account") && !o.Has("env") && !o.Has("category"))
        {
            o.Problems.At(o.Map, "name the family: family: NAME, or account:, env: and category:");
            return null;
        }
        var (account, env, category) = (Part(o, "account", options), Part(o, "env", options), Part(o, "category", options));
        return account is null || env is null || category is null ? null : Family.For(account, env, category);
    }

    private static string? Part(OptionReader o, string key, IReadOnlyList<JobOptionSpec> options)
    {
        var value = o.String(key);
        if (value is null) { o.Problems.At(o.Map, $"{key} is required"); return null; }
        if (OptionValues.HasReference(value)) { CheckReferences(o, key, value, options); return value; }
        if (NameRules.PartProblem(key, value) is { } problem) { o.Problems.At(o.Node(key)!, problem); return null; }
        return value;
    }

    private static JobSchedule? Schedule(OptionReader o)
    {
        var cron = o.String("schedule");
        var zone = o.String("timezone");
        if (cron is null)
        {
            if (zone is not null) o.Problems.At(o.Node("timezone")!, "timezone without schedule: add schedule: \"0 3 * * *\" or remove timezone");
            return null;
        }
        try { CronExpression.Parse(cron, CronFormat.Standard); }
        catch (CronFormatException e)
        {
            o.Problems.At(o.Node("schedule")!, $"'{NameRules.Printable(cron)}' is not a cron schedule (five fields: minute hour day month weekday, such as \"0 3 * * *\"): {e.Message}");
            return null;
        }
        zone ??= "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            o.Problems.At(o.Node("timezone")!, $"'{NameRules.Printable(zone)}' is not a time zone: use an IANA name such as Asia/Tokyo or UTC");
            return null;
        }
        return new JobSchedule(cron, zone);
    }

    private static void CheckThen(List<JobDefinition> jobs, ConfigMap map, Problems problems)
    {
        var names = map.Entries.Select(e => e.Key).ToHashSet();
        foreach (var job in jobs)
            foreach (var next in job.Then.Where(n => !names.Contains(n)))
                problems.At(map.Find(job.Name)!.Value, $"then names '{NameRules.Printable(next)}', which is not a job here (jobs: {string.Join(", ", names)})");
        foreach (var job in jobs)
            foreach (var handler in (job.Extras.OnFailure ?? []).Where(n => !names.Contains(n)))
                problems.At(map.Find(job.Name)!.Value, $"on_failure names '{NameRules.Printable(handler)}', which is not a job here (jobs: {string.Join(", ", names)})");
        var byName = jobs.ToDictionary(j => j.Name);
        foreach (var job in jobs)
            if (Cycle(job.Name, byName, []) is { } cycle)
            {
                problems.At(map.Find(job.Name)!.Value, $"then makes a loop: {string.Join(" → ", cycle)}");
                return;
            }
    }

    private static List<string>? Cycle(string name, Dictionary<string, JobDefinition> jobs, List<string> path)
    {
        if (path.Contains(name)) return [.. path[path.IndexOf(name)..], name];
        if (!jobs.TryGetValue(name, out var job)) return null;
        path.Add(name);
        foreach (var next in job.Then)
            if (Cycle(next, jobs, path) is { } found) return found;
        path.RemoveAt(path.Count - 1);
        return null;
    }

    private static JobConcurrency Bad(OptionReader o, string key, string message)
    {
        o.Problems.At(o.Node(key)!, message);
        return JobConcurrency.Queue;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}$")] private static partial Regex JobName();
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,113}$")] private static partial Regex FamilyName();
}
