using System.Net;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>Each error a client can provoke, with EC2's code and HTTP status, read back through AWSSDK.EC2.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class ErrorTests(LocalCloudFixture cloud)
{
    public static TheoryData<string, Func<IAmazonEC2, Task>, string, HttpStatusCode> Cases => new()
    {
        { "unknown image", e => e.DescribeImagesAsync(new DescribeImagesRequest() { ImageIds = ["ami-12345678"] }), "InvalidAMIID.NotFound", HttpStatusCode.BadRequest },
        { "malformed image id", e => e.DescribeImagesAsync(new DescribeImagesRequest() { ImageIds = ["image-1"] }), "InvalidAMIID.Malformed", HttpStatusCode.BadRequest },
        { "unknown instance", e => e.DescribeInstancesAsync(new DescribeInstancesRequest() { InstanceIds = ["i-12345678901234567"] }), "InvalidInstanceID.NotFound", HttpStatusCode.BadRequest },
        { "malformed instance id", e => e.StopInstancesAsync(new StopInstancesRequest(["i-xyz"])), "InvalidInstanceID.Malformed", HttpStatusCode.BadRequest },
        { "unknown key pair", e => e.DescribeKeyPairsAsync(new DescribeKeyPairsRequest() { KeyNames = ["no-such-key"] }), "InvalidKeyPair.NotFound", HttpStatusCode.BadRequest },
        { "unknown group", e => e.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest() { GroupIds = ["sg-12345678"] }), "InvalidGroup.NotFound", HttpStatusCode.BadRequest },
        { "unknown snapshot", e => e.DeleteSnapshotAsync(new DeleteSnapshotRequest("snap-12345678")), "InvalidSnapshot.NotFound", HttpStatusCode.BadRequest },
        { "unknown launch template", e => e.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest() { LaunchTemplateIds = ["lt-12345678901234567"] }), "InvalidLaunchTemplateId.NotFound", HttpStatusCode.BadRequest },
        { "missing image id", e => e.RunInstancesAsync(new RunInstancesRequest() { MinCount = 1, MaxCount = 1 }), "MissingParameter", HttpStatusCode.BadRequest },
        { "missing group name", e => e.CreateSecurityGroupAsync(new CreateSecurityGroupRequest() { Description = "no name" }), "MissingParameter", HttpStatusCode.BadRequest },
        { "unsupported action", e => e.DescribeHostsAsync(new DescribeHostsRequest()), "InvalidAction", HttpStatusCode.BadRequest },
        { "unknown filter", e => e.DescribeImagesAsync(new DescribeImagesRequest() { Filters = [new Filter("colour", ["red"])] }), "InvalidParameterValue", HttpStatusCode.BadRequest },
        { "run with unknown key", e => e.RunInstancesAsync(new RunInstancesRequest() { ImageId = "ami-12345678", MinCount = 1, MaxCount = 1 }), "InvalidAMIID.NotFound", HttpStatusCode.BadRequest },
        { "dry run", e => e.DescribeImagesAsync(new DescribeImagesRequest() { DryRun = true }), "DryRunOperation", HttpStatusCode.PreconditionFailed },
        { "bad user data", e => e.RunInstancesAsync(new RunInstancesRequest() { ImageId = "ami-12345678", MinCount = 1, MaxCount = 1, UserData = "not base64!" }), "InvalidParameterValue", HttpStatusCode.BadRequest },
        { "bad page token", e => e.DescribeImagesAsync(new DescribeImagesRequest() { MaxResults = 5, NextToken = "garbage" }), "InvalidPaginationToken", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answers_with_EC2s_code_and_status(string why, Func<IAmazonEC2, Task> call, string code, HttpStatusCode status)
    {
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => call(cloud.Ec2));
        Assert.True(code == e.ErrorCode, $"{why}: expected {code}, got {e.ErrorCode} ({e.Message})");
        Assert.Equal(status, e.StatusCode);
    }

    [Fact]
    public async Task Duplicates_are_refused_with_their_Duplicate_codes()
    {
        await cloud.Ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "dup" });
        var key = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "dup" }));
        Assert.Equal("InvalidKeyPair.Duplicate", key.ErrorCode);
        var group = await cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("dup", "first"));
        var dupGroup = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("dup", "second")));
        Assert.Equal("InvalidGroup.Duplicate", dupGroup.ErrorCode);
        await cloud.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId });
        await cloud.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = "dup" });
        // As on AWS, deleting a key pair that does not exist succeeds: cleanups are idempotent.
        await cloud.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = "dup" });
    }

    [Fact]
    public async Task An_instance_refuses_what_its_state_forbids_and_holds_its_group()
    {
        var group = await cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("held", "in use"));
        var run = await cloud.Ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = cloud.BaseImageId, MinCount = 1, MaxCount = 1, SecurityGroupIds = [group.GroupId],
        });
        var id = run.Reservation.Instances.Single().InstanceId;
        var baseName = (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [cloud.BaseImageId] })).Images[0].Name;

        var dupName = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.CreateImageAsync(new CreateImageRequest(id, baseName)));
        Assert.Equal("InvalidAMIName.Duplicate", dupName.ErrorCode);
        var held = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId }));
        Assert.Equal("DependencyViolation", held.ErrorCode);

        await cloud.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest([id]));
        var again = await cloud.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest([id]));
        Assert.Equal(InstanceStateName.Terminated, again.TerminatingInstances[0].CurrentState.Name);
        var stop = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.StopInstancesAsync(new StopInstancesRequest([id])));
        Assert.Equal("IncorrectInstanceState", stop.ErrorCode);
        var image = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.CreateImageAsync(new CreateImageRequest(id, "from-terminated")));
        Assert.Equal("IncorrectInstanceState", image.ErrorCode);
        await cloud.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId });
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_AuthFailure_403()
    {
        using var wrong = LocalCloudFixture.Client(cloud.Server.Endpoint, cloud.Server.Credentials, secret: "not-the-secret");
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => wrong.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal(("AuthFailure", HttpStatusCode.Forbidden), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task An_unknown_access_key_is_AuthFailure_401()
    {
        using var stranger = LocalCloudFixture.Client(cloud.Server.Endpoint,
            cloud.Server.Credentials with { AccessKey = "AKIAIOSFODNN7EXAMPLE" });
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => stranger.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal(("AuthFailure", HttpStatusCode.Unauthorized), (e.ErrorCode, e.StatusCode));
    }

    [Fact]
    public async Task An_unsigned_request_is_AuthFailure_401_in_EC2s_error_XML()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(cloud.Server.Endpoint,
            new StringContent("Action=DescribeImages&Version=2016-11-15", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("AuthFailure", xml.Root!.Element("Errors")!.Element("Error")!.Element("Code")!.Value);
        Assert.NotEmpty(xml.Root.Element("RequestID")!.Value);
    }
}
