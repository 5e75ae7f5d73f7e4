using Kiln.Cli;
using Kiln.Cli.Commands.Bake;
using Kiln.Cli.Commands.Deploy;
using Kiln.Cli.Commands.Build;
using Kiln.Cli.Commands.LocalCloud;
using Kiln.Cli.Commands.Runs;
using Kiln.Cli.Commands.Serve;
using Kiln.Cli.Commands.Validate;
using Spectre.Console.Cli;

// `kiln --version` answers before anything else loads: it is the start-up figure users notice.
if (args is ["--version"] or ["-v"])
{
    Console.WriteLine($"kiln {KilnVersion.Current}");
    return 0;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("kiln");
    config.SetApplicationVersion(KilnVersion.Current);
    config.PropagateExceptions();
    // An unknown option is bad input (exit 2): without this Spectre passes it on as a "remaining argument", and
    // `kiln bake … --cloud aws` (bake has no --cloud) would bake on the local cloud as if nothing were wrong.
    config.Settings.StrictParsing = true;
    BakeCommands.Register(config);
    BuildCommands.Register(config);
    DeployCommands.Register(config);
    LocalCloudCommands.Register(config);
    RunsCommands.Register(config);
    ServeCommands.Register(config);
    ValidateCommands.Register(config);
});
return await ExitCodes.RunAsync(() => app.RunAsync(PackerFlags.Normalize(args)), args);
