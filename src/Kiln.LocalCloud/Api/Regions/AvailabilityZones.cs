namespace Kiln.LocalCloud.Api;

/// <summary>Regions and zones the local cloud answers for. Any region a client signs for is accepted (the state is
/// one for all regions); the usual commercial ones are listed so region validation (Packer's) passes.</summary>
public static class AvailabilityZones
{
    public static readonly IReadOnlyList<string> KnownRegions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
        "ap-southeast-2", "ap-south-1", "sa-east-1",
    ];

    public static IReadOnlyList<string> Regions(string requestRegion) =>
        KnownRegions.Contains(requestRegion) ? KnownRegions : [.. KnownRegions, requestRegion];

    public static IReadOnlyList<string> Names(string region) => [region + "a", region + "b", region + "c"];
}
