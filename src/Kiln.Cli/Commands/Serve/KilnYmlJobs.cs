using System.Globalization;
using Kiln.Server.Jobs;
using Kiln.Templates.KilnYml;
using TemplateJob = Kiln.Templates.KilnYml.JobDefinition;

namespace Kiln.Cli.Commands.Serve;

/// <summary>The `jobs:` of kiln.yml (read and checked by the templates reader) as the server runs them: the family
/// is the lock key, and what the executor needs goes into the job's arguments.</summary>
public static class KilnYmlJobs
{
    /// <summary>A bake job's `extra_vars:` travel in its arguments under this prefix.</summary>
    public const string ExtraVarPrefix = "extra_var.";

    public static IJobCatalog Load(string dir)
    {
        var full = Path.GetFullPath(dir);
        if (!Directory.Exists(full)) throw new Kiln.Core.KilnInputException([$"--dir '{dir}' does not exist"]);
        if (!File.Exists(Path.Combine(full, "kiln.yml"))) return new StaticJobCatalog([]);
        var cloud = KilnConfigReader.ReadCloudKeys(full);
        return new StaticJobCatalog(KilnConfigReader.ReadJobs(full).Select(j => ToServer(j, cloud)).ToList());
    }

    /// <summary>A deploy or rollback job's options, under the names of `kiln deploy`'s (absent: the command's default).</summary>
    public static Dictionary<string, string> DeployArguments(JobAction.Deploy d)
    {
        var o = d.With;
        var args = new Dictionary<string, string> { ["group"] = d.Group, ["action"] = o.Rollback ? "rollback" : o.Create is null ? "deploy" : "create" };
        void Put(string key, object? value)
        {
            if (value is not null) args[key] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }
        Put("strategy", o.Strategy);
        Put("min_healthy", o.MinHealthy);
        Put("canary", o.Canary);
        if (o.Promote) args["promote"] = "true";
        Put("timeout", o.Timeout);
        if (o.Create is { } c)
        {
            args["lb"] = $"{c.LoadBalancer}:{c.ListenPort.ToString(CultureInfo.InvariantCulture)}";
            Put("capacity", c.Capacity);
            Put("port", c.Port);
            Put("machine_type", c.MachineType);
        }
        return args;
    }

    /// <param name="cloud">kiln.yml's cloud keys (cloud, project, zone, region, profile): a deploy or rollback job's
    /// arguments carry them, and the job runs on that cloud (<see cref="Executors.DeployJobCloud"/>).</param>
    public static Kiln.Server.Jobs.JobDefinition ToServer(TemplateJob job, IReadOnlyDictionary<string, string>? cloud = null)
    {
        var concurrency = job.Concurrency == JobConcurrency.Refuse ? Concurrency.Refuse : Concurrency.Queue;
        var (kind, family, group, args) = job.Action switch
        {
            JobAction.Bake b => (JobKind.Bake, b.Family.Name, (string?)null, new Dictionary<string, string>
            {
                ["account"] = b.Account, ["env"] = b.Env, ["category"] = b.Category, ["directory"] = b.Directory,
                ["keep"] = b.Keep ?? "",
                ["repo"] = b.Repo ?? "", ["ref"] = b.Ref ?? "",
            }.Concat((b.ExtraVars ?? new Dictionary<string, string>()).Select(v => KeyValuePair.Create(ExtraVarPrefix + v.Key, v.Value))).ToDictionary()),
            JobAction.Deploy d => (JobKind.Deploy, d.Family.Name, d.Group,
                DeployArguments(d).Concat(cloud ?? new Dictionary<string, string>()).ToDictionary()),
            JobAction.Prune p => (JobKind.Prune, p.Family.Name, null,
                new Dictionary<string, string> { ["keep"] = p.Keep }),
            var other => throw new InvalidOperationException($"unknown job action {other}"),
        };
        return new Kiln.Server.Jobs.JobDefinition(job.Name, kind, family, group, job.Then, job.Schedule?.Cron, job.Schedule?.TimeZone,
            concurrency, Arguments: args, Extras: job.Extras);
    }
}
