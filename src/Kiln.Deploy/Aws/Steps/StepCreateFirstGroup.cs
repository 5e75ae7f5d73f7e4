using Amazon.EC2.Model;
using Kiln.Aws.AutoScaling;
using Kiln.Aws.ElbV2;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: the create options, the image. Produces: the target group (reused when it exists), a security
/// group opening the target port, the launch template `GROUP` and the group `GROUP`. Cleanup on failure: the group.</summary>
public sealed class StepCreateFirstGroup(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "create-group";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var o = r.Create!;
        var tg = await c.Cloud.ElbV2.FindTargetGroupAsync(o.TargetGroup, ct)
            ?? await c.Cloud.ElbV2.CreateTargetGroupAsync(new CreateTargetGroupRequest(o.TargetGroup, "HTTP", o.TargetPort)
            {
                HealthCheckProtocol = "TCP",
                Tags = new Dictionary<string, string> { ["kiln:listen"] = $"127.0.0.1:{o.ListenPort}", [KilnTags.RunId] = r.Run.Value },
            }, ct);
        s.TargetGroups = [tg.Arn];
        var tags = new Dictionary<string, string> { [DeployTags.Deploy] = r.Group, [KilnTags.RunId] = r.Run.Value };
        var sg = await c.Cloud.CreateSecurityGroupAsync($"{r.Group}-web-{r.Run.Value[^4..]}", $"kiln deploy {r.Group}: port {o.TargetPort}",
            "0.0.0.0/0", o.TargetPort, tags, ct);
        var template = await c.Cloud.Ec2CallAsync((ec2, x) => ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = r.Group,
            VersionDescription = $"kiln {r.Run}: {s.Image!.Name}",
            LaunchTemplateData = new RequestLaunchTemplateData
            {
                ImageId = s.Image.Id.Value, InstanceType = o.InstanceType, SecurityGroupIds = [sg.Value],
                UserData = DemoUserData.Base64(o.UserData ?? DemoUserData.Script(o.TargetPort)),
            },
        }, x), ct);
        s.TemplateId = template.LaunchTemplate.LaunchTemplateId;
        s.TargetVersion = 1;
        await c.Cloud.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest(r.Group,
            LaunchTemplateRef.ById(new LaunchTemplateId(s.TemplateId), "1"), 0, o.Capacity * 2)
        {
            DesiredCapacity = o.Capacity, TargetGroupArns = s.TargetGroups, Tags = DeployGroups.Tags(r, s.Image!.Id, null),
        }, ct);
        s.GreenCreated = true;
        await c.Ledger.CreatedAsync(ResourceKind.AutoScalingGroup, r.Group);
        c.Log.Info($"created target group {tg.Name}, launch template {s.TemplateId} and group {r.Group} ({o.Capacity} instances of {s.Image.Id})");
    }

    public async Task CleanupAsync(AwsDeployState s, CancellationToken ct)
    {
        if (!s.GreenCreated || s.Switched) return;
        await c.Fleet.RemoveGroupAsync(s.Request.Group, ct);
        await c.Ledger.CleanedAsync(ResourceKind.AutoScalingGroup, s.Request.Group);
    }
}
