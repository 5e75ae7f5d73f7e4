using System.ComponentModel;
using Kiln.Core;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Setup;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.LocalCloud;

/// <summary>`kiln local-cloud env`: the one place the local secret key is printed, and only on request.</summary>
public sealed class LocalCloudEnvCommand : AsyncCommand<LocalCloudEnvCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--gcloud")]
        [Description("print the CLOUDSDK_* variables that point the gcloud CLI at the local cloud's Compute Engine API instead")]
        public bool Gcloud { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        if (settings.Gcloud) return await GcloudAsync(paths, ct);
        var credentials = LocalCloudSetup.IsInitialized(paths) ? CredentialsFile.Read(new LocalCloudLayout(paths)) : null;
        if (credentials is null)
            throw new KilnInputException("the local cloud is not initialized in this KILN_HOME: run `./kiln local-cloud init` first");
        Console.WriteLine($"export AWS_ACCESS_KEY_ID={credentials.AccessKey}");
        Console.WriteLine($"export AWS_SECRET_ACCESS_KEY={credentials.SecretKey}");
        Console.WriteLine($"export AWS_DEFAULT_REGION={credentials.Region}");
        Console.WriteLine("export AWS_EC2_METADATA_DISABLED=true");
        if (await LocalCloudConnection.FindRunningAsync(paths, ct) is { } endpoint)
        {
            Console.WriteLine($"export AWS_ENDPOINT_URL_EC2={endpoint}");
            Console.WriteLine($"# older AWS CLIs ignore AWS_ENDPOINT_URL_EC2: pass --endpoint-url {endpoint}");
        }
        else
            Console.WriteLine("# no endpoint is running: start one with `./kiln local-cloud serve`, then run this again for AWS_ENDPOINT_URL_EC2");
        return ExitCodes.Ok;
    }

    /// <summary>No secret here: the Compute Engine API on loopback asks for no credentials.</summary>
    private static async Task<int> GcloudAsync(KilnPaths paths, CancellationToken ct)
    {
        if (!LocalCloudSetup.IsInitialized(paths))
            throw new KilnInputException("the local cloud is not initialized in this KILN_HOME: run `./kiln local-cloud init` first");
        if (await LocalCloudConnection.FindRunningAsync(paths, ct) is not { } endpoint)
        {
            Console.WriteLine("# no endpoint is running: start one with `./kiln local-cloud serve`, then run this again");
            return ExitCodes.Ok;
        }
        foreach (var (name, value) in Kiln.LocalCloud.Gce.GcloudEnvironment.For(endpoint)) Console.WriteLine($"export {name}={value}");
        return ExitCodes.Ok;
    }
}
