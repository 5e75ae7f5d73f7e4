using Kiln.LocalCloud.Api.LaunchTemplates;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.AutoScaling.AsgXml;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>StartInstanceRefresh (Strategy Rolling): every member not launched from the group's launch template
/// version as it resolves now is replaced, in batches that keep MinHealthyPercentage (default 90) of the desired
/// capacity healthy. The reconciler carries it out.</summary>
public static class StartInstanceRefresh
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        if ((p.Get("Strategy") ?? "Rolling") != "Rolling") throw AsgErrors.Validation("Strategy must be Rolling");
        var prefs = p.Sub("Preferences");
        var minHealthy = prefs.Int("MinHealthyPercentage") ?? 90;
        if (minHealthy is < 0 or > 100) throw AsgErrors.Validation($"MinHealthyPercentage {minHealthy} must be between 0 and 100");
        var warmup = prefs.Int("InstanceWarmup") ?? 0;
        var skipMatching = prefs.Bool("SkipMatching") ?? false;
        var now = call.Cloud.Now;
        var id = Guid.NewGuid().ToString();
        call.Cloud.State.Write(tx =>
        {
            var g = AsgRequests.Group(tx, name);
            if (tx.All<InstanceRefreshRecord>(nameGlobs: [name]).Any(r => r.IsActive))
                throw new Ec2Exception("InstanceRefreshInProgress", $"An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
            var version = LaunchTemplateResolver.Version(LaunchTemplateResolver.Find(tx, g.LaunchTemplate.Id, null), g.LaunchTemplate.Version).Number;
            var toUpdate = g.Members.Count(m => !m.IsTerminating && (!skipMatching || m.TemplateVersion != version));
            // Without SkipMatching every instance is replaced, as on AWS; marking them by launch time does that.
            tx.Put(new InstanceRefreshRecord(id, name, "Pending", null, minHealthy, warmup, version, toUpdate, 0, now)
            {
                ReplaceLaunchedBefore = skipMatching ? null : now,
            });
        });
        return Ec2Result.Of(E("InstanceRefreshId", id));
    }
}
