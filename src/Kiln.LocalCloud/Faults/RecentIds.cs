using System.Collections.Concurrent;
using System.Xml.Linq;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Faults;

/// <summary>EC2's eventual consistency for new ids: for a while after a create returns, calls naming the new id
/// answer NotFound (AWS: "If you run a command immediately after creating a resource, you may get InvalidInstanceID.NotFound").
/// Remembers the ids creates hand out, and tells whether a request names one that is still "not visible".</summary>
internal sealed class RecentIds(TimeSpan window, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _created = new(StringComparer.Ordinal);

    /// <summary>Parameters that name existing resources (`InstanceId.1`, `ResourceId.2`, `GroupId`, …).</summary>
    private static readonly string[] IdParameters =
        ["InstanceId", "ImageId", "GroupId", "SecurityGroupId", "KeyName", "SnapshotId", "ResourceId", "LaunchTemplateId"];

    /// <summary>The new ids in a create's answer (the created key pair is known by its name).</summary>
    public void Remember(Ec2Call call, Ec2Result result)
    {
        var element = call.Action switch
        {
            "RunInstances" => "instanceId",
            "CreateImage" => "imageId",
            "CreateSecurityGroup" => "groupId",
            "CreateKeyPair" or "ImportKeyPair" => "keyName",
            "CreateLaunchTemplate" => "launchTemplateId",
            _ => null,
        };
        if (element is null) return;
        var now = clock.GetUtcNow();
        foreach (var id in result.Elements.SelectMany(e => e.DescendantsAndSelf()).Where(e => e.Name.LocalName == element))
            _created[id.Value] = now;
    }

    /// <summary>The NotFound EC2 would answer, or null when every id the call names is visible.</summary>
    public Ec2Exception? NotVisible(Ec2Call call)
    {
        // A create names the id it makes (CreateKeyPair's KeyName): that is not a reference to an existing one.
        if (call.Action is "CreateKeyPair" or "ImportKeyPair") return null;
        var now = clock.GetUtcNow();
        foreach (var (key, value) in call.Params.Values)
        {
            var name = key.Split('.')[0];
            if (!IdParameters.Contains(name, StringComparer.Ordinal)) continue;
            if (!_created.TryGetValue(value, out var at)) continue;
            if (now - at >= window) { _created.TryRemove(value, out _); continue; }
            return Ec2Errors.NotFound(CodeFor(name, value), $"The ID '{value}' does not exist (not visible yet: eventual consistency fault)");
        }
        return null;
    }

    private static string CodeFor(string parameter, string id) => id switch
    {
        _ when parameter == "KeyName" => "InvalidKeyPair.NotFound",
        _ when id.StartsWith("i-", StringComparison.Ordinal) => "InvalidInstanceID.NotFound",
        _ when id.StartsWith("ami-", StringComparison.Ordinal) => "InvalidAMIID.NotFound",
        _ when id.StartsWith("sg-", StringComparison.Ordinal) => "InvalidGroup.NotFound",
        _ when id.StartsWith("snap-", StringComparison.Ordinal) => "InvalidSnapshot.NotFound",
        _ when id.StartsWith("lt-", StringComparison.Ordinal) => "InvalidLaunchTemplateId.NotFound",
        _ => "InvalidID.NotFound",
    };
}
