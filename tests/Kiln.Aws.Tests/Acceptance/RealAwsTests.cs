using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Aws.Tests.Acceptance;

/// <summary>The same AwsCloud against a real account. Creates only free, short-lived resources (a key pair, a security
/// group), tagged with a run id, and deletes them; starts no instance.</summary>
public sealed class RealAwsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static AwsCloud Cloud() => AwsCloudFactory.Create(new CloudSpec(CloudKind.Aws,
        Environment.GetEnvironmentVariable("KILN_AWS_REGION") ?? "ap-northeast-1",
        Profile: Environment.GetEnvironmentVariable("KILN_AWS_PROFILE")));

    [AwsAcceptanceFact]
    public async Task KeyPair_IsCreatedFoundAndDeleted_Idempotently()
    {
        using var cloud = Cloud();
        var run = RunId.New(TimeProvider.System);
        var name = new KeyPairName($"{run}-acceptance");

        var key = await cloud.CreateKeyPairAsync(name, KilnTags.ForTemporary(run), Ct);
        try
        {
            Assert.Contains("PRIVATE KEY", key.PrivateKey);
            Assert.Contains(name, await cloud.FindKeyPairsByTagAsync(KilnTags.RunId, run.Value, Ct));
        }
        finally
        {
            await cloud.DeleteKeyPairAsync(name, Ct);
        }
        await cloud.DeleteKeyPairAsync(name, Ct);
    }

    [AwsAcceptanceFact]
    public async Task SecurityGroup_IsCreatedInTheDefaultVpc_FoundAndDeleted()
    {
        using var cloud = Cloud();
        var run = RunId.New(TimeProvider.System);

        var group = await cloud.CreateSecurityGroupAsync($"{run}-acceptance", "kiln acceptance test", "203.0.113.7/32", 22,
            KilnTags.ForTemporary(run), Ct);
        try
        {
            Assert.Contains(group, await cloud.FindSecurityGroupsByTagAsync(KilnTags.RunId, run.Value, Ct));
        }
        finally
        {
            await cloud.DeleteSecurityGroupAsync(group, Ct);
        }
        await cloud.DeleteSecurityGroupAsync(group, Ct);
    }

    [AwsAcceptanceFact]
    public async Task ReadOnlyCalls_AreAcceptedByEc2AutoScalingAndElb()
    {
        using var cloud = Cloud();

        await cloud.FindImagesAsync("kiln-acceptance-*", Ct);
        await cloud.FindImagesInUseAsync(Ct); // EC2 + Auto Scaling, our SigV4 signing against the real service
        await cloud.ElbV2.DescribeTargetGroupsAsync(null, null, Ct);
        Assert.Null(await cloud.GetImageAsync(new ImageId("ami-00000000000000000"), Ct));
    }
}
