using Amazon.EC2.Model;
using Kiln.Aws.AutoScaling;
using Kiln.Core;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    private static readonly List<string> LiveInstanceStates = ["pending", "running", "shutting-down", "stopping", "stopped"];

    /// <summary>Images that retention must keep, each with who uses it: non-terminated instances, every version of
    /// every launch template, and Auto Scaling groups (their launch template version or launch configuration).
    /// Fails rather than answer partially: an image whose users could not be listed is never reported free.</summary>
    public async Task<IReadOnlyDictionary<ImageId, string>> FindImagesInUseAsync(CancellationToken ct)
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Use(string? image, string who)
        {
            if (string.IsNullOrEmpty(image) || !image.StartsWith("ami-", StringComparison.Ordinal)) return; // e.g. resolve:ssm:…
            if (!users.TryGetValue(image, out var list)) users[image] = list = [];
            if (!list.Contains(who)) list.Add(who);
        }

        foreach (var instance in await DescribeInstancesAsync([new Filter("instance-state-name", LiveInstanceStates)], ct))
            Use(instance.Image.Value, $"instance {instance.Id}");

        var versions = await AllLaunchTemplateVersionsAsync(ct);
        foreach (var v in versions)
            Use(v.LaunchTemplateData?.ImageId, $"launch template {v.LaunchTemplateId} version {v.VersionNumber}");

        var groups = await AutoScalingGroupsAsync(ct);
        var configs = groups.Select(g => g.LaunchConfigurationName).OfType<string>().Distinct().ToList();
        var configImages = configs.Count == 0 ? []
            : (await AutoScaling.DescribeLaunchConfigurationsAsync(configs, ct)).ToDictionary(c => c.Name, c => c.Image.Value);
        foreach (var g in groups)
        {
            foreach (var lt in new[] { g.LaunchTemplate, g.MixedInstancesLaunchTemplate }.OfType<LaunchTemplateRef>())
                Use(Resolve(versions, lt)?.LaunchTemplateData?.ImageId, $"Auto Scaling group {g.Name}");
            if (g.LaunchConfigurationName is { } lc && configImages.TryGetValue(lc, out var image))
                Use(image, $"Auto Scaling group {g.Name}");
        }

        // The group is the user that matters most to a reader, so it is named first.
        return users.ToDictionary(u => new ImageId(u.Key),
            u => string.Join(", ", u.Value.OrderBy(w => w.StartsWith("Auto Scaling", StringComparison.Ordinal) ? 0 : 1)));
    }

    /// <summary>An endpoint that does not offer Auto Scaling at all (InvalidAction: a local cloud without it) has no
    /// groups; every other error (AccessDenied, throttling past the retries) fails the whole answer.</summary>
    private async Task<IReadOnlyList<AutoScalingGroup>> AutoScalingGroupsAsync(CancellationToken ct)
    {
        try { return await AutoScaling.DescribeAutoScalingGroupsAsync(null, ct); }
        catch (Kiln.Core.Cloud.CloudException e) when (e.Code == "InvalidAction") { return []; }
    }

    /// <summary>`$Latest` is the highest version, `$Default` (or no version) the default one, else the number.</summary>
    private static LaunchTemplateVersion? Resolve(IReadOnlyList<LaunchTemplateVersion> versions, LaunchTemplateRef lt)
    {
        var ofTemplate = versions.Where(v => (lt.Id is not null && v.LaunchTemplateId == lt.Id)
            || (lt.Id is null && v.LaunchTemplateName == lt.Name)).ToList();
        return lt.Version switch
        {
            "$Latest" => ofTemplate.MaxBy(v => v.VersionNumber),
            null or "" or "$Default" => ofTemplate.FirstOrDefault(v => v.DefaultVersion == true),
            var n => ofTemplate.FirstOrDefault(v => v.VersionNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) == n),
        };
    }

    private async Task<IReadOnlyList<LaunchTemplateVersion>> AllLaunchTemplateVersionsAsync(CancellationToken ct)
    {
        var templates = new List<LaunchTemplate>();
        string? next = null;
        do
        {
            var token = next;
            var page = await CallAsync(c => Ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { MaxResults = 200, NextToken = token }, c), ct);
            templates.AddRange(page.LaunchTemplates ?? []);
            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        } while (next is not null);

        var versions = new List<LaunchTemplateVersion>();
        foreach (var template in templates)
        {
            next = null;
            do
            {
                var token = next;
                // No Versions given: EC2 returns every version of the template.
                var page = await CallAsync(c => Ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest
                {
                    LaunchTemplateId = template.LaunchTemplateId, MaxResults = 200, NextToken = token,
                }, c), ct);
                versions.AddRange(page.LaunchTemplateVersions ?? []);
                next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            } while (next is not null);
        }
        return versions;
    }
}
