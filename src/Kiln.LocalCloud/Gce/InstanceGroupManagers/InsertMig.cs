using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>instanceGroupManagers.insert: the group is written at once (its operation is DONE); the controlling
/// process makes its instances in the background, as Google's does, so `wait-until --stable` is how a caller waits.</summary>
public static partial class InsertMig
{
    /// <summary>Google's rule for baseInstanceName (1–58 characters: 4 more and a dash make the instance names).</summary>
    [GeneratedRegex("^[a-z](?:[-a-z0-9]{0,57})$")]
    private static partial Regex BaseName();

    public static async Task<JsonNode> HandleAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var baseName = GceJson.String(body, "baseInstanceName") ?? name;
        if (!BaseName().IsMatch(baseName) || baseName.EndsWith('-'))
            throw GceErrors.InvalidField("resource.baseInstanceName", baseName, "Must be a match of regex '[a-z][-a-z0-9]{0,57}'");
        var targetSize = MigRequests.TargetSize(GceJson.Long(body, "targetSize", "resource.targetSize"));
        var namedPorts = MigRequests.NamedPorts(body["namedPorts"], "resource.namedPorts");
        var path = $"projects/{call.Project}/zones/{call.Zone}/instanceGroupManagers/{name}";
        var group = call.Cloud.State.Write(tx =>
        {
            var versions = MigRequests.Versions(tx, body, call.Project);
            var policy = MigRequests.UpdatePolicy(body["updatePolicy"], GceUpdatePolicy.Default);
            var healing = MigRequests.AutoHealing(tx, body["autoHealingPolicies"], call.Project) ?? [];
            if (tx.Get<GceInstanceGroupManagerRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            var g = new GceInstanceGroupManagerRecord(path, GceJson.NewNumber(), GceJson.NewNumber(), call.Project, call.Zone, name,
                GceJson.String(body, "description"), baseName, targetSize, versions, policy, healing, namedPorts,
                GceJson.NewFingerprint(), GceJson.NewFingerprint(), [], call.Now);
            tx.Put(g);
            return g;
        });
        return await GceOperations.RunAsync(call, "insert", path, group.Number, call.Zone, _ => Task.CompletedTask, ct);
    }
}
