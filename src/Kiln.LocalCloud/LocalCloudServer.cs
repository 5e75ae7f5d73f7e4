using System.Net;
using Kiln.Core;
using Kiln.LocalCloud.Api;
using Kiln.LocalCloud.Auth;
using Kiln.LocalCloud.AutoScaling;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Faults;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Setup;
using Kiln.LocalCloud.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.LocalCloud;

/// <summary>Options for tests and `serve`: a request log, a clock, interceptors in the request pipeline.
/// Faults: what to get wrong on purpose (<see cref="FaultSpec"/>); null reads KILN_FAULTS. RequestClock: what a
/// request's signed date is held against (default the system's; a test's fake <see cref="Clock"/> may run hours ahead
/// of the SDK that signs).</summary>
public sealed record LocalCloudServerOptions(
    TextWriter? Log = null, TimeProvider? Clock = null, IReadOnlyList<IEc2Interceptor>? Interceptors = null,
    FaultSpec? Faults = null, TimeProvider? RequestClock = null, bool Resident = false);

/// <summary>The local cloud's endpoint on loopback (Kestrel): the EC2, Auto Scaling and ELBv2 Query APIs, and the
/// Compute Engine REST API under /compute/v1/, over this KILN_HOME's state and podman.</summary>
public sealed class LocalCloudServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private Control.Controller? _controller;

    private LocalCloudServer(WebApplication app, CancellationTokenSource stopping, Uri endpoint,
        LocalCloudCredentials credentials, CloudServices services)
    {
        _app = app; _stopping = stopping; Endpoint = endpoint; Credentials = credentials; Services = services;
    }

    public Uri Endpoint { get; }
    public LocalCloudCredentials Credentials { get; }
    public CloudServices Services { get; }
    /// <summary>Faults injected so far; null when none are configured.</summary>
    public FaultCounts? Faults { get; private init; }

    public static Task<LocalCloudServer> StartAsync(KilnPaths paths, string? listen, CancellationToken ct) =>
        StartAsync(paths, listen, new LocalCloudServerOptions(), ct);

    public static async Task<LocalCloudServer> StartAsync(KilnPaths paths, string? listen, LocalCloudServerOptions options,
        CancellationToken ct)
    {
        var bind = ListenAddress.Parse(listen);
        LocalCloudSetup.RequireRoot();
        var layout = new LocalCloudLayout(paths);
        var credentials = CredentialsFile.Read(layout) ?? throw NotInitialized();
        var faults = options.Faults ?? FaultSpec.FromEnvironment();
        var clock = options.Clock ?? TimeProvider.System;
        var services = new CloudServices(layout, new StateStore(layout.StateDatabase), PodmanClient.Shared(), clock, options.Log)
        {
            SshdDelay = faults.SshdDelay,
            RsaKeys = new Api.KeyPairs.RsaKeySupply(makeAhead: options.Resident),
        };
        // Reconciliation and Kestrel's start overlap.
        var reconciling = Task.Run(() => Reconciler.RunAsync(services, ct), CancellationToken.None);

        var stopping = new CancellationTokenSource();
        var injector = faults.IsNone ? null : new FaultInterceptor(faults, clock);
        if (injector is not null) services.Trace($"local-cloud: faults injected: {faults}");
        IReadOnlyList<IEc2Interceptor> interceptors = [.. options.Interceptors ?? [], .. injector is null ? [] : new[] { injector }];
        var endpoint = new QueryEndpoint(services, new SigV4Verifier(credentials, options.RequestClock ?? TimeProvider.System),
            [new QueryApi("ec2", Ec2Xml.Ns, Ec2Actions.Table(), Ec2Shape: true), AutoScalingActions.Api(), ElbV2.ElbV2Actions.Api()],
            interceptors, stopping.Token);
        // The empty builder: no configuration sources, logging or routing to set up (one handler answers everything),
        // which saves a tenth of a second of every command's start.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(bind);
        });
        var app = builder.Build();
        // Compute Engine requests go by path (/compute/v1/…, /batch/compute/v1); its routes are made on the first one.
        var gce = new Lazy<Gce.Hosting.GceEndpoint>(() => new Gce.Hosting.GceEndpoint(services, Gce.GceApi.Routes(), stopping.Token));
        app.Run(http => Gce.Hosting.GceEndpoint.Serves(http.Request.Path) ? gce.Value.HandleAsync(http) : endpoint.HandleAsync(http));
        // Listening before reconciliation ends is safe: nobody knows the port until this method returns.
        try
        {
            await app.StartAsync(ct);
            await reconciling;
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var port = new Uri(address).Port;
        var controller = new Control.Controller(services);
        var host = bind.Address.Equals(IPAddress.IPv6Loopback) ? "[::1]" : bind.Address.ToString();
        return new LocalCloudServer(app, stopping, new Uri($"http://{host}:{port}/"), credentials, services) { _controller = controller, Faults = injector?.Counts };
    }

    internal static KilnInputException NotInitialized() =>
        new("the local cloud is not initialized in this KILN_HOME: run `./kiln local-cloud init` first (as root; about 2 minutes the first time on a machine)");

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // Groups and listeners stop first (the lease is released for another endpoint process to take over).
        if (_controller is not null) await _controller.DisposeAsync();
        // Requests under way finish first (graceful stop); only then is podman work told to stop.
        await _app.StopAsync(CancellationToken.None);
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
