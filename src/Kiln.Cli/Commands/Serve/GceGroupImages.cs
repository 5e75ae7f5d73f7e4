using Kiln.Core;
using Kiln.Deploy;
using Kiln.Gcp;
using Kiln.Gcp.Deploy;
using Kiln.Server.Families;

namespace Kiln.Cli.Commands.Serve;

/// <summary>Which image each deploy group runs on Compute Engine, for the families page: the group in service (a
/// backend of the deploy's backend service with a size) and the image its base version's instance template boots.
/// A group that cannot be read (not created yet, a template gone) is left unknown rather than failing the page.</summary>
public sealed class GceGroupImages(GceCloud cloud) : IGroupImages
{
    private readonly GceFleet _fleet = new(cloud, new DeployTimings());

    public async Task<IReadOnlyDictionary<string, ImageId?>> CurrentAsync(IReadOnlyList<string> groups, CancellationToken ct)
    {
        var result = new Dictionary<string, ImageId?>();
        foreach (var group in groups)
        {
            try
            {
                var service = await _fleet.ServiceAsync(group, ct);
                var current = service is null ? null : GceFleet.Current(group, await _fleet.MembersAsync(group, ct), service);
                result[group] = current is null || GceFleet.TemplatesOf(current) is not [var template, ..] ? null
                    : (await _fleet.TemplateAsync(template, ct)).Image;
            }
            catch (Exception e) when (e is not OperationCanceledException) { result[group] = null; }
        }
        return result;
    }
}
