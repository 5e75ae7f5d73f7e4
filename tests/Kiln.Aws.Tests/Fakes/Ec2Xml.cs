namespace Kiln.Aws.Tests.Fakes;

/// <summary>EC2 response bodies in the shapes of AWS's API reference examples (inside `{Action}Response`).</summary>
public static class Ec2Xml
{
    public const string True = "<return>true</return>";

    public static string TagSet(params (string Key, string Value)[] tags) =>
        $"<tagSet>{string.Concat(tags.Select(t => $"<item><key>{t.Key}</key><value>{t.Value}</value></item>"))}</tagSet>";

    public static string Instance(string id, string state = "running", string? publicIp = "54.194.252.215",
        string privateIp = "10.0.0.12", string image = "ami-0abcdef1234567890", string tags = "<tagSet/>",
        string? stateReason = null) => $"""
        <item>
          <instanceId>{id}</instanceId><imageId>{image}</imageId>
          <instanceState><code>16</code><name>{state}</name></instanceState>
          <privateDnsName>ip-10-0-0-12.ap-northeast-1.compute.internal</privateDnsName><dnsName/>
          <keyName>kiln-key</keyName><amiLaunchIndex>0</amiLaunchIndex><instanceType>t2.nano</instanceType>
          <launchTime>2026-03-01T12:34:56.000Z</launchTime><placement><availabilityZone>ap-northeast-1a</availabilityZone><tenancy>default</tenancy></placement>
          <monitoring><state>disabled</state></monitoring><subnetId>subnet-56f5f633</subnetId><vpcId>vpc-11112222</vpcId>
          <privateIpAddress>{privateIp}</privateIpAddress>{(publicIp is null ? "" : $"<ipAddress>{publicIp}</ipAddress>")}
          <sourceDestCheck>true</sourceDestCheck><groupSet><item><groupId>sg-e4076980</groupId><groupName>kiln</groupName></item></groupSet>
          {(stateReason is null ? "" : $"<stateReason><code>Client.UserInitiatedShutdown</code><message>{stateReason}</message></stateReason>")}
          <architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>
          <blockDeviceMapping/><virtualizationType>hvm</virtualizationType>{tags}<hypervisor>xen</hypervisor>
        </item>
        """;

    public static string Reservations(params string[] instances) =>
        $"<reservationSet><item><reservationId>r-1234567890abcdef0</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>{string.Concat(instances)}</instancesSet></item></reservationSet>";

    public static string Image(string id, string name, string state = "available", string created = "2018-03-01T12:34:56.000Z",
        string[]? snapshots = null, string tags = "<tagSet/>") => $"""
        <item>
          <imageId>{id}</imageId><imageLocation>123456789012/{name}</imageLocation><imageState>{state}</imageState>
          <imageOwnerId>123456789012</imageOwnerId><creationDate>{created}</creationDate><isPublic>false</isPublic>
          <architecture>x86_64</architecture><imageType>machine</imageType><name>{name}</name><description>kiln bake</description>
          <rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>
          <blockDeviceMapping>{string.Concat((snapshots ?? []).Select((s, i) => $"<item><deviceName>/dev/xvd{(char)('a' + i)}</deviceName><ebs><snapshotId>{s}</snapshotId><volumeSize>50</volumeSize><deleteOnTermination>true</deleteOnTermination><volumeType>gp2</volumeType><encrypted>false</encrypted></ebs></item>"))}</blockDeviceMapping>
          <virtualizationType>hvm</virtualizationType>{tags}<hypervisor>xen</hypervisor>
        </item>
        """;

    public static string Images(string? nextToken, params string[] images) =>
        $"<imagesSet>{string.Concat(images)}</imagesSet>{(nextToken is null ? "" : $"<nextToken>{nextToken}</nextToken>")}";

    public static string InstanceStateChange(string id, string current, string previous) =>
        $"<instancesSet><item><instanceId>{id}</instanceId><currentState><code>32</code><name>{current}</name></currentState><previousState><code>16</code><name>{previous}</name></previousState></item></instancesSet>";

    public static string LaunchTemplates(params (string Id, string Name)[] templates) =>
        $"<launchTemplates>{string.Concat(templates.Select(t => $"<item><launchTemplateId>{t.Id}</launchTemplateId><launchTemplateName>{t.Name}</launchTemplateName><createTime>2026-01-01T00:00:00.000Z</createTime><createdBy>arn:aws:iam::123456789012:root</createdBy><defaultVersionNumber>1</defaultVersionNumber><latestVersionNumber>3</latestVersionNumber></item>"))}</launchTemplates>";

    public static string LaunchTemplateVersions(params (string Id, string Name, int Version, bool IsDefault, string Image)[] versions) =>
        $"<launchTemplateVersionSet>{string.Concat(versions.Select(v => $"<item><launchTemplateId>{v.Id}</launchTemplateId><launchTemplateName>{v.Name}</launchTemplateName><versionNumber>{v.Version}</versionNumber><defaultVersion>{(v.IsDefault ? "true" : "false")}</defaultVersion><createTime>2026-01-01T00:00:00.000Z</createTime><launchTemplateData><imageId>{v.Image}</imageId><instanceType>t2.micro</instanceType></launchTemplateData></item>"))}</launchTemplateVersionSet>";
}
