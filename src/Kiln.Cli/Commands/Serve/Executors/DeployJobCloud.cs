using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>The cloud a deploy or rollback job runs on: kiln.yml's `cloud:` with its `project:` and `zone:` (Compute
/// Engine) or `region:` and `profile:` (AWS), defaulted and checked as `kiln deploy` takes --cloud, --project, --zone,
/// --region and --profile. Without `cloud:` in kiln.yml, the server's cloud (KILN_CLOUD), with kiln.yml's keys over
/// its project, zone and region. Every problem names its kiln.yml key; the job fails with them before any cloud call.</summary>
public static class DeployJobCloud
{
    public static (CloudSpec? Spec, IReadOnlyList<string> Problems) Resolve(IReadOnlyDictionary<string, string> a, CloudSpec server)
    {
        var problems = new List<string>();
        var named = a.GetValueOrDefault("cloud");
        CloudKind? kind = named switch
        {
            null => server.Kind,
            "local" => CloudKind.Local,
            "aws" => CloudKind.Aws,
            "gcp" => CloudKind.Gcp,
            "local-gcp" => CloudKind.LocalGcp,
            _ => null,
        };
        if (kind is null)
        {
            problems.Add($"kiln.yml cloud: '{NameRules.Printable(named!)}' is not a cloud: use local, aws, gcp or local-gcp");
            return (null, problems);
        }
        var fromServer = named is null;
        if (kind is CloudKind.Gcp or CloudKind.LocalGcp)
        {
            var local = kind == CloudKind.LocalGcp;
            var project = a.GetValueOrDefault("project") ?? (fromServer ? server.Project : null) ?? (local ? GceDefaults.LocalProject : null);
            var zone = a.GetValueOrDefault("zone") ?? (fromServer ? server.Zone : null) ?? (local ? GceDefaults.LocalZone : null);
            foreach (var (key, problem) in GceDefaults.Problems(project, zone))
                problems.Add($"kiln.yml {key}: {problem.Replace(" or --project", "", StringComparison.Ordinal).Replace(" or --zone", "", StringComparison.Ordinal)}");
            foreach (var aws in new[] { "region", "profile" })
                if (a.ContainsKey(aws)) problems.Add($"kiln.yml {aws}: is for cloud aws; on Compute Engine give project: and zone:");
            return (problems.Count > 0 ? null : new CloudSpec(kind.Value) { Project = project, Zone = zone }, problems);
        }
        foreach (var gce in new[] { "project", "zone" })
            if (a.ContainsKey(gce)) problems.Add($"kiln.yml {gce}: is for Compute Engine (cloud gcp or local-gcp); on {(kind == CloudKind.Aws ? "AWS give region:" : "the local cloud leave it out")}");
        var region = a.GetValueOrDefault("region") ?? (fromServer ? server.Region : "ap-northeast-1");
        if (NameRules.RegionProblem(region) is { } badRegion) problems.Add($"kiln.yml region: {badRegion}");
        var profile = a.GetValueOrDefault("profile") ?? (fromServer ? server.Profile : null);
        if (profile is not null && NameRules.ProfileProblem(profile) is { } badProfile) problems.Add($"kiln.yml profile: {badProfile}");
        return (problems.Count > 0 ? null : new CloudSpec(kind.Value, region, profile), problems);
    }
}
