using Kiln.LocalCloud.AutoScaling;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>DeleteTargetGroup: refused (ResourceInUse) while an Auto Scaling group is attached; its listener closes.</summary>
public static class DeleteTargetGroup
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var arn = call.Params.Get("TargetGroupArn") ?? throw ElbXml.Validation("A target group ARN must be specified");
        call.Cloud.State.Write(tx =>
        {
            if (tx.Get<TargetGroupRecord>(arn) is null) return; // deleting twice is not an error on AWS
            if (tx.All<AutoScalingGroupRecord>().FirstOrDefault(g => g.TargetGroupArns.Contains(arn)) is { } user)
                throw new Ec2Exception("ResourceInUse", $"Target group '{arn}' is currently in use by Auto Scaling group {user.Id}");
            tx.Delete<TargetGroupRecord>(arn);
            tx.Delete<TargetHealthRecord>(arn);
        });
        return Ec2Result.Of();
    }
}
