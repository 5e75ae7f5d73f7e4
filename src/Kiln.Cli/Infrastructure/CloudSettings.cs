using System.ComponentModel;
using Kiln.Core;
using Kiln.Core.Baking;
using Spectre.Console.Cli;

namespace Kiln.Cli.Infrastructure;

/// <summary>Which cloud a command works on: the local cloud unless told otherwise (Kiln never touches a real account
/// unless asked).</summary>
public class CloudSettings : CommandSettings
{
    [CommandOption("--cloud <CLOUD>")] [Description("local (default), aws, gcp or local-gcp")]
    public string Cloud { get; init; } = "local";
    [CommandOption("--region <REGION>")] [Description("AWS region (cloud aws); default ap-northeast-1")]
    public string Region { get; init; } = "ap-northeast-1";
    [CommandOption("--profile <PROFILE>")] [Description("AWS profile (cloud aws)")]
    public string? Profile { get; init; }
    [CommandOption("--project <PROJECT>")] [Description("Google Cloud project (cloud gcp; local-gcp: kiln-local)")]
    public string? Project { get; init; }
    [CommandOption("--zone <ZONE>")] [Description("Compute Engine zone (cloud gcp; local-gcp: us-central1-a)")]
    public string? Zone { get; init; }
    [CommandOption("--db <DB>")] [Description("history database (default KILN_HOME/history.db)")]
    public string? Db { get; init; }

    public CloudSpec Spec() => Cloud.ToLowerInvariant() switch
    {
        "local" => new CloudSpec(CloudKind.Local),
        "aws" => new CloudSpec(CloudKind.Aws, Region, Profile),
        "gcp" => Gce(CloudKind.Gcp, Project, Zone),
        "local-gcp" => Gce(CloudKind.LocalGcp, Project ?? GceDefaults.LocalProject, Zone ?? GceDefaults.LocalZone),
        _ => throw new KilnInputException($"--cloud '{Cloud}' is not known: use local, aws, gcp or local-gcp"),
    };

    private static CloudSpec Gce(CloudKind kind, string? project, string? zone)
    {
        var problems = GceDefaults.Problems(project, zone);
        if (problems.Count > 0) throw new KilnInputException(problems.Values.Select(p => p.Replace("in kiln.yml or ", "", StringComparison.Ordinal)).ToList());
        return new CloudSpec(kind) { Project = project, Zone = zone };
    }
}
