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

// `kiln build` reads a Packer template, and amazon-ebs is what nearly every template builds: the AWS SDK's first
// request pipeline gets ready while the command line and the template are read (see AwsCloudFactory.WarmUpAsync).
if (args is ["build", ..]) _ = Kiln.Aws.AwsCloudFactory.WarmUpAsync();
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
