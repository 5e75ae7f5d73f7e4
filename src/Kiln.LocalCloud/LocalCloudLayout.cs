using System.Security.Cryptography;
using System.Text;
using Kiln.Core;

namespace Kiln.LocalCloud;

/// <summary>Where the local cloud keeps its files under KILN_HOME, and the names it gives podman objects.</summary>
public sealed record LocalCloudLayout(KilnPaths Paths)
{
    public string Root => Paths.LocalCloud;
    public string StateDatabase => Path.Combine(Root, "state.db");
    public string CredentialsFile => Path.Combine(Root, "credentials.json");
    public string EndpointFile => Path.Combine(Root, "endpoint.json");
    public string InstancesDirectory => Path.Combine(Root, "instances");
    public string InstanceDirectory(string instanceId) => Path.Combine(InstancesDirectory, instanceId);

    /// <summary>Short stable hash of KILN_HOME: several data directories share one podman, so every podman
    /// object this one makes carries it (container label, image repository) and reconciliation touches only those.</summary>
    public string HomeHash { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Paths.Home)))[..12].ToLowerInvariant();

    public string ContainerName(string instanceId) => $"kiln-{instanceId}";
    public string ImageRepository => $"localhost/kiln-ami-{HomeHash}";
    public string PodmanImage(string imageId) => $"{ImageRepository}:{imageId}";

    /// <summary>Compute Engine's images and detached disks: `image-{id}` and `disk-{id}` tags of one repository.</summary>
    public string GceRepository => $"localhost/kiln-gce-{HomeHash}";
    public string GcePodmanImage(string tag) => $"{GceRepository}:{tag}";
}
