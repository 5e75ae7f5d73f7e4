using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Api;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Families;
using Kiln.Server.Groups;
using Kiln.Server.Http;
using Kiln.Server.Jobs;
using Kiln.Server.Notifications;
using Kiln.Server.Scheduling;
using Kiln.Server.Ui;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Kiln.Server;

/// <summary>`kiln serve`: the web UI, the HTTP API (/api/v1, OpenAPI at /openapi/v1.json) and the job runner.
/// Start applies the database migrations, creates the first admin from KILN_ADMIN_PASSWORD when there is none,
/// and registers the schedules of kiln.yml.</summary>
public sealed class KilnServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private KilnServer(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;
    public WorkerIdentity Worker => _app.Services.GetRequiredService<WorkerIdentity>();
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static KilnServer Create(ServerOptions options, ServerParts parts, Action<ILoggingBuilder>? logging = null)
    {
        var problems = ScheduleSync.Validate(parts.Jobs).Concat(ListenPolicy.Check(options)).ToList();
        if (problems.Count > 0) throw new Kiln.Core.KilnInputException(problems);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls($"{(options.Tls is null ? "http" : "https")}://{options.Listen}");
        if (options.Tls is { } tls)
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = ListenPolicy.Load(tls)));
        builder.Logging.ClearProviders();
        if (logging is null) builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        else logging(builder.Logging);
        // The keys sit where only their owner reads them (KILN_HOME 0700, or the database); encrypting them at rest
        // with a key kept beside them would add nothing, so Data Protection's warning about it is noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        var worker = WorkerIdentity.ForThisProcess(parts.Cloud?.Describe ?? "none");
        var s = builder.Services;
        s.AddSingleton(options).AddSingleton(worker).AddSingleton(parts.Clock).AddSingleton<IRunStore>(parts.History).AddSingleton<IFamilyLock>(parts.History).AddSingleton(parts.Jobs)
         .AddSingleton(parts.Sweeper).AddSingleton(parts.History).AddSingleton(new ServerDatabase(options.Database));
        foreach (var executor in parts.Executors) s.AddSingleton(executor);
        s.AddSingleton(new GroupService(parts.Jobs, parts.Groups, parts.Clock));
        s.AddSingleton(sp => new FamilyService(parts.Jobs, parts.History, parts.Cloud, sp.GetRequiredService<GroupService>()));
        s.AddSingleton<UserStore>().AddSingleton<Accounts>().AddSingleton<CancelRequests>()
         .AddSingleton<RunQueue>().AddSingleton<RunExecution>().AddSingleton<InterruptedRuns>().AddSingleton<RunService>();
        s.AddKilnNotifications(parts.Smtp);
        s.AddKilnAuth(options);
        s.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(RequestGuard.Limit);
        s.AddKilnQuartz(options, worker);
        s.AddRazorComponents();
        s.AddOpenApi();
        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseRequestGuard();
        if (options.BehindTlsProxy)
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup("/api/v1");
        HealthApi.Map(api);
        JobsApi.Map(api);
        RunsApi.Map(api);
        FamiliesApi.Map(api);
        AdminApi.Map(api);
        Hooks.GitHooksApi.Map(api);
        UiEndpoints.Map(app);
        return new KilnServer(app);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var db = _app.Services.GetRequiredService<ServerDatabase>();
        // The history's migrations create the server's tables (users, tokens, Quartz's) too.
        await _app.Services.GetRequiredService<IRunHistory>().MigrateAsync(ct);
        var options = _app.Services.GetRequiredService<ServerOptions>();
        await AdminBootstrap.EnsureAsync(_app.Services.GetRequiredService<Accounts>(), options.AdminUser, options.AdminPassword,
            _app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("kiln.serve"), ct);
        // Under the lock: the first worker of a cluster makes the first Data Protection key, the others read it.
        await using (await StartupLock.AcquireAsync(db, ct)) await _app.StartAsync(ct);
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        await ScheduleSync.ApplyAsync(scheduler, _app.Services.GetRequiredService<IJobCatalog>(), ct);
        await scheduler.TriggerJob(HistoryRetentionJob.Key, ct);
        if (db.Kind == DatabaseKind.Sqlite) await OrphanedRuns.RecoverAsync(_app.Services, ct);
        _app.Lifetime.ApplicationStopping.Register(() => _app.Services.GetRequiredService<CancelRequests>().CancelAllLocal());
    }

    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);
    public Task StopAsync(CancellationToken ct) => _app.StopAsync(ct);
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
