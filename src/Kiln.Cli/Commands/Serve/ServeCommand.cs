using System.ComponentModel;
using System.Runtime.CompilerServices;
using Kiln.Core;
using Kiln.Server;
using Kiln.Server.Auth;
using Kiln.Server.Http;
using Kiln.Templates.KilnYml;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Serve;

public sealed class ServeSettings : ServerDatabaseSettings
{
    [CommandOption("--listen <HOST:PORT>")]
    [Description("address to listen on (default 127.0.0.1:8080; port 0 picks a free one)")]
    public string Listen { get; init; } = "127.0.0.1:8080";

    [CommandOption("--dir <DIR>")]
    [Description("the playbook directory whose kiln.yml declares the jobs (default: the current directory)")]
    public string Dir { get; init; } = ".";

    [CommandOption("--keep-history <AGE>")]
    [Description("delete finished runs older than this: 90d (default), 12h, or 'forever'")]
    public string KeepHistory { get; init; } = "90d";

    [CommandOption("--checkin <SECONDS>")]
    [Description("with PostgreSQL: cluster check-in period; a worker silent for twice this is taken for dead (default 5)")]
    public int CheckinSeconds { get; init; } = 5;

    [CommandOption("--url <URL>")]
    [Description("the address people reach this server at, for the links in notifications (default: the listening address)")]
    public string? Url { get; init; }

    [CommandOption("--tls-cert <FILE>")]
    [Description("serve HTTPS with this PEM certificate (with --tls-key; or serve: tls_cert in kiln.yml); needed beyond loopback")]
    public string? TlsCert { get; init; }

    [CommandOption("--tls-key <FILE>")]
    [Description("the PEM private key of --tls-cert")]
    public string? TlsKey { get; init; }

    [CommandOption("--behind-tls-proxy")]
    [Description("a TLS-terminating proxy on this machine forwards to Kiln: cookies are Secure, the client address comes from X-Forwarded-For")]
    public bool BehindTlsProxy { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("log requests and scheduler activity")]
    public bool Verbose { get; init; }

    public override ValidationResult Validate() =>
        CheckinSeconds is < 1 or > 300 ? ValidationResult.Error("--checkin: 1 to 300 seconds")
        : Url is not null && !(Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https") ? ValidationResult.Error("--url: give an http or https URL, e.g. https://kiln.example.com")
        : (TlsCert is null) != (TlsKey is null) ? ValidationResult.Error("--tls-cert and --tls-key go together")
        : ValidationResult.Success();
}

/// <summary>`kiln serve`: runs until Ctrl+C or SIGTERM. The first admin comes from `kiln users add NAME --role admin`
/// or, when no admin exists yet, from KILN_ADMIN_PASSWORD (user KILN_ADMIN_USER, default `admin`).</summary>
public sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken ct)
    {
        // The web server's minimal APIs and Razor pages need code made at run time, which a Native AOT build has not.
        if (!RuntimeFeature.IsDynamicCodeSupported)
            throw new KilnInputException("kiln serve is not part of the Native AOT build: run it from the single-file release (scripts/publish.sh) or ./kiln");
        var serve = ServeReader.Read(settings.Dir);
        var tls = settings.TlsCert is not null ? new TlsFiles(settings.TlsCert, settings.TlsKey!)
            : serve.TlsCert is not null ? new TlsFiles(serve.TlsCert, serve.TlsKey!) : null;
        var options = new ServerOptions
        {
            Listen = settings.Listen, Database = settings.Location(), KeepHistory = ServerOptions.ParseRetention(settings.KeepHistory),
            Tls = tls, BehindTlsProxy = settings.BehindTlsProxy,
            Sessions = new SessionLifetime(serve.SessionIdle ?? SessionLifetime.Default.Idle, serve.SessionLifetime ?? SessionLifetime.Default.Absolute),
            KeyDirectory = Path.Combine(KilnPaths.FromEnvironment().Home, "server-keys"),
            ClusterCheckin = TimeSpan.FromSeconds(settings.CheckinSeconds),
            AdminUser = Environment.GetEnvironmentVariable("KILN_ADMIN_USER"),
            AdminPassword = Environment.GetEnvironmentVariable("KILN_ADMIN_PASSWORD"), PublicUrl = settings.Url,
        };
        var refused = ListenPolicy.Check(options);
        if (refused.Count > 0) throw new KilnInputException(refused);
        var jobs = ServeComposition.LoadJobs(settings.Dir);
        var smtp = ServeComposition.LoadSmtp(settings.Dir);
        await using var history = await settings.OpenHistoryAsync(ct);
        var (parts, cloud) = await ServeComposition.PartsAsync(history, jobs, ct, smtp);
        await using var _ = cloud ?? new NoCloud();
        await using var server = KilnServer.Create(options, parts, logging => logging
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning));
        await server.StartAsync(ct);
        Console.Error.WriteLine($"kiln serve: {server.Address} on {options.Database}, worker {server.Worker.Id}, {jobs.Jobs.Count} jobs");
        await server.WaitForShutdownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}

internal sealed class NoCloud : IAsyncDisposable
{
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
