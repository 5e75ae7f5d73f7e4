using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.Projects;

/// <summary>
/// The local cloud's one project, as the EC2 side has one account; any other name is a project that does not exist
/// (404, as Google answers a project you cannot see). Its row is written on its first change; until then it has
/// empty metadata.
/// </summary>
public static class GceProjects
{
    public const string Default = "kiln-local";

    public static bool IsKnown(string project) => project == Default;

    public static void Require(GceCall call) => Require(call.Project);

    public static void Require(string project)
    {
        if (!IsKnown(project)) throw GceErrors.NotFound($"projects/{project}");
    }

    public static GceProjectRecord Get(StateTx tx, string project) =>
        tx.Get<GceProjectRecord>($"projects/{project}")
        ?? new GceProjectRecord($"projects/{project}", GceCatalog.StableNumber("project/" + project), project, GceMetadata.Empty,
            new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
