using System.ComponentModel;
using System.Runtime.InteropServices;
using Kiln.Core;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Faults;
using Kiln.LocalCloud.Setup;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

/// <summary>`kiln local-cloud serve`: the endpoint in the foreground; endpoint.json names it while it runs.</summary>
public sealed class LocalCloudServeCommand : AsyncCommand<LocalCloudServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--listen <ADDRESS>")]
        [Description("loopback address and port to listen on, e.g. 127.0.0.1:4580 (default: a free port on 127.0.0.1)")]
        public string? Listen { get; init; }

        [CommandOption("--faults <SPEC>")]
        [Description("inject faults, for testing: throttle=0.2;consistency-ms=2000;fail=CreateImage:once;sshd-delay-ms=3000;die-during=provision (default: KILN_FAULTS)")]
        public string? Faults { get; init; }

        [CommandOption("--quiet")]
        [Description("do not log each request")]
        public bool Quiet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        ListenAddress.Parse(settings.Listen); // bad input is reported before anything starts
        var faults = settings.Faults is null ? FaultSpec.FromEnvironment() : FaultSpec.Parse(settings.Faults);
        if (!LocalCloudSetup.IsInitialized(paths))
            throw new KilnInputException("the local cloud is not initialized in this KILN_HOME: run `./kiln local-cloud init` first");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

        var options = new LocalCloudServerOptions(Log: settings.Quiet ? null : Console.Error, Faults: faults, Resident: true);
        await using var server = await LocalCloudServer.StartAsync(paths, settings.Listen, options, stop.Token);
        var layout = new LocalCloudLayout(paths);
        // endpoint.json belongs to the serve that wrote it: a second serve on the same KILN_HOME leaves a live first
        // one's file alone (and so cannot delete it when it stops).
        if (await LocalCloudConnection.FindRunningAsync(paths, stop.Token) is { } first)
            Console.WriteLine($"another local cloud of this KILN_HOME serves at {first}; endpoint.json keeps naming it");
        else new EndpointFile(server.Endpoint, Environment.ProcessId, layout.HomeHash).Write(layout);
        try
        {
            Console.WriteLine($"local cloud listening on {server.Endpoint} (KILN_HOME {paths.Home}); Ctrl-C stops it");
            Console.WriteLine("`kiln local-cloud env` prints the variables a client needs");
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        }
        finally
        {
            EndpointFile.RemoveIfOwned(layout, Environment.ProcessId);
        }
        if (server.Faults is { } injected) Console.WriteLine($"faults injected: {injected}");
        Console.WriteLine("local cloud stopped");
        return ExitCodes.Ok;
    }
}
