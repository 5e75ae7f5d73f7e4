using System.ComponentModel;
using Kiln.Core;
using Kiln.Core.Baking;
using Spectre.Console.Cli;

namespace Kiln.Cli.Infrastructure;

/// <summary>Which cloud a command works on: the local cloud unless told otherwise (Kiln never touches a real account
/// unless asked).</summary>
public class CloudSettings : CommandSettings
{
    [CommandOption("--cloud <CLOUD>")] [Description("local (default) or aws")]
    public string Cloud { get; init; } = "local";
    [CommandOption("--region <REGION>")] [Description("AWS region (cloud aws); default ap-northeast-1")]
    public string Region { get; init; } = "ap-northeast-1";
    [CommandOption("--profile <PROFILE>")] [Description("AWS profile (cloud aws)")]
    public string? Profile { get; init; }
    [CommandOption("--db <DB>")] [Description("history database (default KILN_HOME/history.db)")]
    public string? Db { get; init; }

    public CloudSpec Spec() => Cloud.ToLowerInvariant() switch
    {
        "local" => new CloudSpec(CloudKind.Local),
        "aws" => new CloudSpec(CloudKind.Aws, Region, Profile),
        _ => throw new KilnInputException($"--cloud '{Cloud}' is not known: use local or aws"),
    };
}
