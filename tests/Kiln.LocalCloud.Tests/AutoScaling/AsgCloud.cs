using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core.Baking;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.AutoScaling;

/// <summary>Kiln's own AWS adapter (AutoScalingClient, ElbV2Client, AWSSDK.EC2) pointed at the fixture's endpoint.</summary>
public static class AsgCloud
{
    public static AwsCloud For(LocalCloudFixture cloud) =>
        AwsCloudFactory.Create(new CloudSpec(CloudKind.Local, cloud.Server.Credentials.Region), cloud.Server.Endpoint,
            new BasicAWSCredentials(cloud.Server.Credentials.AccessKey, cloud.Server.Credentials.SecretKey));
}
