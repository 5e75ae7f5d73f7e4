using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Projects;

namespace Kiln.LocalCloud.Gce;

/// <summary>The variables that point the gcloud CLI at an endpoint's Compute Engine API, with no credentials
/// (gcloud's auth/disable_credentials), the local project and a default zone.</summary>
public static class GcloudEnvironment
{
    public static IReadOnlyList<(string Name, string Value)> For(Uri endpoint) =>
    [
        ("CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE", new Uri(endpoint, Hosting.GceEndpoint.Prefix).ToString()),
        ("CLOUDSDK_AUTH_DISABLE_CREDENTIALS", "true"),
        ("CLOUDSDK_CORE_PROJECT", GceProjects.Default),
        ("CLOUDSDK_COMPUTE_ZONE", GceCatalog.DefaultZone),
        ("CLOUDSDK_COMPUTE_REGION", GceCatalog.RegionOf(GceCatalog.DefaultZone)),
    ];
}
