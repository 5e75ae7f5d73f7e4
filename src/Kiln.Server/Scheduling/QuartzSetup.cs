using Kiln.Server.Database;
using Kiln.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kiln.Server.Scheduling;

/// <summary>Quartz in memory with SQLite (one worker); with PostgreSQL, the clustered ADO job store, so workers on
/// one database share runs and schedules and a survivor recovers the runs of a worker that stopped checking in.</summary>
public static class QuartzSetup
{
    public static IServiceCollection AddKilnQuartz(this IServiceCollection services, ServerOptions options, WorkerIdentity worker)
    {
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "kiln";
                o.InstanceId = worker.Id;
                o.GenerateInstanceId = false;
            });
            q.UseDefaultThreadPool(options.MaxConcurrentRuns);
            if (options.Database.Kind == DatabaseKind.Postgres)
                q.UsePersistentStore(s =>
                {
                    // Job data holds strings only, so the store needs no object serialisation.
                    s.ConfigureStore(o => o.StoreJobDataAsStrings = true);
                    s.UsePostgres(options.Database.ConnectionString);
                    // Quartz's own DDL for this package version (its create_postgres.sql, idempotent: it creates only
                    // what is missing). A hand-kept copy of tables_postgres.sql drifted from 4.7's columns; workers
                    // starting together are serialised around this by StartupLock.
                    s.ProvisionSchema();
                    s.UseSystemTextJsonSerializer();
                    s.UseClustering(c =>
                    {
                        c.Enabled = true;
                        c.CheckinInterval = options.ClusterCheckin;
                        c.CheckinMisfireThreshold = options.ClusterCheckin * 2;
                    });
                });
            else
                q.UseInMemoryStore(_ => { });
            q.AddJob<HistoryRetentionJob>(j => j.WithIdentity(HistoryRetentionJob.Key).StoreDurably());
            q.AddTrigger<HistoryRetentionJob>(t => t.ForJob(HistoryRetentionJob.Key).WithIdentity("history-retention-hourly", "kiln-maintenance")
                .WithSchedule(CronScheduleBuilder.Create("0 17 * * * ?").WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
