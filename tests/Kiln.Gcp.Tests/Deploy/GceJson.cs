using System.Text.Json;

namespace Kiln.Gcp.Tests.Deploy;

/// <summary>Google-shaped answers of the Compute Engine resources a deploy reads, for project p, zone us-central1-a.</summary>
internal static class GceJson
{
    public const string Root = "https://compute.googleapis.com/compute/v1/";
    public const string Zone = "projects/p/zones/us-central1-a";
    public const string Region = "projects/p/regions/us-central1";

    private static string Json(object o) => JsonSerializer.Serialize(o);
    private static string TemplateUrl(string t) => $"{Root}projects/p/global/instanceTemplates/{t}";

    private static object ImageObject(string name) => new
    {
        name, status = "READY", creationTimestamp = "2026-01-01T00:00:00.000-08:00",
        selfLink = $"{Root}projects/p/global/images/{name}", labels = new Dictionary<string, string> { ["kiln-family"] = "hoge-dev-api" },
    };

    public static string Image(string name) => Json(ImageObject(name));

    public static string Images(params string[] names) => Json(new { items = names.Select(ImageObject) });

    public static string Template(string name, string image) => Json(new
    {
        name, selfLink = TemplateUrl(name),
        properties = new
        {
            machineType = "e2-small", labels = new Dictionary<string, string> { ["kiln-deploy"] = "web" },
            metadata = new { items = new[] { new { key = "startup-script", value = "#!/bin/sh" } } },
            tags = new { items = new[] { "kiln-web" } },
            disks = new[] { new { boot = true, autoDelete = true, type = "PERSISTENT", mode = "READ_WRITE", initializeParams = new { sourceImage = $"projects/p/global/images/{image}" } } },
            networkInterfaces = new[] { new { network = "global/networks/default" } },
        },
    });

    private static object GroupObject(string name, int size, bool stable, string[] templates) => new
    {
        name, targetSize = size, instanceGroup = $"{Root}{Zone}/instanceGroups/{name}", instanceTemplate = TemplateUrl(templates[0]),
        versions = templates.Select(t => new { name = t, instanceTemplate = TemplateUrl(t) }),
        status = new { isStable = stable, versionTarget = new { isReached = stable } },
        autoHealingPolicies = new[] { new { healthCheck = $"{Root}projects/p/global/healthChecks/web", initialDelaySec = 60 } },
    };

    public static string Group(string name, int size, bool stable, params string[] templates) => Json(GroupObject(name, size, stable, templates));

    public static string Groups(string group) => $"{{\"items\":[{group}]}}";

    public static string Service(string description, params string[] backends) => Json(new
    {
        name = "web", description, protocol = "TCP", loadBalancingScheme = "EXTERNAL", fingerprint = "fp-1",
        healthChecks = new[] { $"{Root}projects/p/global/healthChecks/web" },
        backends = backends.Select(b => new { group = $"{Root}{Zone}/instanceGroups/{b}", balancingMode = "CONNECTION" }),
        connectionDraining = new { drainingTimeoutSec = 0 },
    });

    public static string Services(string service) => $"{{\"items\":[{service}]}}";

    /// <summary>`listManagedInstances`: instances `NAME-xN`, each RUNNING with no action, of the given templates.</summary>
    public static string Instances(string group, params string[] templates) => Json(new
    {
        managedInstances = templates.Select((t, i) => new
        {
            instance = $"{Root}{Zone}/instances/{group}-x{i}", instanceStatus = "RUNNING", currentAction = "NONE",
            version = new { instanceTemplate = TemplateUrl(t) },
        }),
    });

    /// <summary>`getHealth`: instances `NAME-x0` … of the group, each HEALTHY.</summary>
    public static string Healthy(string group, int count) => Json(new
    {
        healthStatus = Enumerable.Range(0, count).Select(i => new
        {
            instance = $"{Root}{Zone}/instances/{group}-x{i}", ipAddress = $"10.0.0.{i + 2}", port = 8000, healthState = "HEALTHY",
        }),
    });

    public const string Project = """{"name":"p"}""";
    public const string ZoneBody = """{"name":"us-central1-a","status":"UP","region":"https://compute.googleapis.com/compute/v1/projects/p/regions/us-central1"}""";
}
