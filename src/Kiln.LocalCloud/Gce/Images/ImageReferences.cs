using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.Images;

/// <summary>Finds images by path (`projects/p/global/images/NAME` or `…/images/family/F`) in the local project or a
/// public one.</summary>
public static class ImageReferences
{
    public static IReadOnlyList<GceImageRecord> All(StateTx tx, string project) =>
        PublicImages.IsPublic(project) ? PublicImages.Of(project)
        : tx.All<GceImageRecord>(nameGlobs: [$"projects/{project}/global/images/*"]);

    public static void RequireProject(string project)
    {
        if (!PublicImages.IsPublic(project)) GceProjects.Require(project);
    }

    public static GceImageRecord Get(StateTx tx, string project, string name)
    {
        RequireProject(project);
        var path = $"projects/{project}/global/images/{name}";
        return (PublicImages.IsPublic(project) ? PublicImages.Of(project).FirstOrDefault(i => i.Name == name) : tx.Get<GceImageRecord>(path))
            ?? throw GceErrors.NotFound(path);
    }

    /// <summary>The family's newest image that is not deprecated (Google's rule for getFromFamily).</summary>
    public static GceImageRecord FromFamily(StateTx tx, string project, string family)
    {
        RequireProject(project);
        return All(tx, project).Where(i => i.Family == family && i.IsActive && i.Status == "READY")
                .OrderByDescending(i => i.Created).ThenByDescending(i => i.Name, StringComparer.Ordinal).FirstOrDefault()
            ?? throw GceErrors.NotFound($"projects/{project}/global/images/family/{family}");
    }

    /// <summary>An image reference in a request body (`sourceImage`), any form gcloud or a template gives.</summary>
    public static GceImageRecord Resolve(StateTx tx, string reference, string project, string field)
    {
        var path = GceLinks.Path(reference, project);
        var parts = path.Split('/');
        return parts switch
        {
            ["projects", var p, "global", "images", "family", var f] => FromFamily(tx, p, f),
            ["projects", var p, "global", "images", var n] => Get(tx, p, n),
            // gcloud's `--image-family` names the zonal view of a family (`zones/-/imageFamilyViews/F`).
            ["projects", var p, "zones", _, "imageFamilyViews", var f] => FromFamily(tx, p, f),
            _ => throw GceErrors.InvalidField(field, reference, "It is not an image: projects/P/global/images/NAME or …/images/family/F."),
        };
    }
}
