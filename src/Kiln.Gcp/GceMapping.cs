using System.Globalization;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Gcp.Api;

namespace Kiln.Gcp;

/// <summary>Compute Engine's resources in the port's terms (pure).</summary>
public static class GceMapping
{
    /// <summary>An image of this project is named by its name; one of another (`debian-cloud`) by its path.</summary>
    public static ImageId IdOf(string project, string imageProject, string name) =>
        new(imageProject == project ? name : $"projects/{imageProject}/global/images/{name}");

    /// <summary>(project, name) of an image id or URL (`…/projects/p/global/images/n`, or a bare name of this project).</summary>
    public static (string Project, string Name) Parse(string project, string idOrUrl)
    {
        var at = idOrUrl.LastIndexOf("projects/", StringComparison.Ordinal);
        if (at < 0) return (project, idOrUrl);
        var parts = idOrUrl[at..].Split('/');
        return parts.Length >= 5 ? (parts[1], parts[^1]) : (project, idOrUrl);
    }

    public static CloudImage ToImage(string project, Image i)
    {
        var imageProject = i.SelfLink is { } link ? Parse(project, link).Project : project;
        return new CloudImage(IdOf(project, imageProject, i.Name), i.Name, State(i.Status), Created(i.CreationTimestamp), [],
            GceLabels.ToTags(i.Labels), i.Description, imageProject)
        {
            NativeFamily = i.Family,
            Deprecation = i.Deprecated?.State switch
            {
                "DEPRECATED" => Deprecation.Deprecated,
                "OBSOLETE" => Deprecation.Obsolete,
                "DELETED" => Deprecation.Deleted,
                _ => Deprecation.Active,
            },
            ReplacedBy = i.Deprecated?.Replacement is { Length: > 0 } r ? Parse(project, r).Name : null,
        };
    }

    public static ImageState State(string? status) => status switch
    {
        "READY" => ImageState.Available,
        "PENDING" => ImageState.Pending,
        "FAILED" => ImageState.Failed,
        "DELETING" => ImageState.Deregistered,
        _ => ImageState.Other,
    };

    /// <summary>Compute Engine's TERMINATED is a stopped instance that still exists (it can be started again).</summary>
    public static InstanceState State(Instance i) => i.Status switch
    {
        "PROVISIONING" or "STAGING" => InstanceState.Pending,
        "RUNNING" => InstanceState.Running,
        "STOPPING" or "SUSPENDING" => InstanceState.Stopping,
        "TERMINATED" or "STOPPED" or "SUSPENDED" => InstanceState.Stopped,
        _ => InstanceState.Other,
    };

    public static CloudInstance ToInstance(Instance i)
    {
        var nic = i.NetworkInterfaces?.FirstOrDefault();
        var nat = nic?.AccessConfigs?.Select(a => a.NatIP).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));
        return new CloudInstance(new InstanceId(i.Name), State(i), nat, nic?.NetworkIP, new ImageId(""),
            GceLabels.ToTags(i.Labels), i.StatusMessage);
    }

    private static DateTimeOffset Created(string? stamp) =>
        DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
}
