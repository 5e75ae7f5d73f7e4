using Kiln.Server.Jobs;

namespace Kiln.Server.Tests.Support;

public static class TestJobs
{
    public static readonly JobDefinition Bake = new("bake-dev-api", JobKind.Bake, "hoge-dev-api-base", Description: "bake hoge dev api");
    public static readonly JobDefinition BakeRefusing = new("bake-dev-web", JobKind.Bake, "hoge-dev-web-base", Concurrency: Concurrency.Refuse);
    public static readonly JobDefinition BakeThenDeploy = new("bake-stg-api", JobKind.Bake, "hoge-stg-api-base", Then: ["deploy-stg-api"]);
    public static readonly JobDefinition Deploy = new("deploy-stg-api", JobKind.Deploy, "hoge-stg-api-base", Group: "stg-api");
    public static readonly JobDefinition Failing = new("bake-broken", JobKind.Bake, "hoge-dev-broken-base",
        Arguments: new Dictionary<string, string> { ["fail"] = "true" });

    public static IReadOnlyList<JobDefinition> All => [Bake, BakeRefusing, BakeThenDeploy, Deploy, Failing];
}
