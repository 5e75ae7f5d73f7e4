using Kiln.Core;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud;

/// <summary>What `kiln local-cloud status` shows: where a serve listens, and what the state holds.</summary>
public sealed record LocalCloudStatus(
    bool Initialized, Uri? Endpoint, int Images, int RunningInstances, int Instances, int KeyPairs, int SecurityGroups,
    int LaunchTemplates, int Snapshots)
{
    public static async Task<LocalCloudStatus> ReadAsync(KilnPaths paths, CancellationToken ct)
    {
        if (!LocalCloudSetup.IsInitialized(paths)) return new LocalCloudStatus(false, null, 0, 0, 0, 0, 0, 0, 0);
        var layout = new LocalCloudLayout(paths);
        var endpoint = await LocalCloudConnection.FindRunningAsync(paths, ct);
        return new StateStore(layout.StateDatabase).Read(tx =>
        {
            var instances = tx.All<InstanceRecord>();
            return new LocalCloudStatus(true, endpoint, tx.Count<ImageRecord>(),
                instances.Count(i => i.State == "running"), instances.Count(i => i.IsLive), tx.Count<KeyPairRecord>(),
                tx.Count<SecurityGroupRecord>(), tx.Count<LaunchTemplateRecord>(), tx.Count<SnapshotRecord>());
        });
    }
}
