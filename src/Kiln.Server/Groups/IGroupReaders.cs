using Kiln.Core.Groups;
using Kiln.Server.Jobs;

namespace Kiln.Server.Groups;

/// <summary>The reader of a deploy job's groups on that job's cloud; implemented by the host (it knows the clouds).
/// Throws when the job's cloud cannot be named or reached: the page shows the group as unknown.</summary>
public interface IGroupReaders
{
    Task<IGroupStateReader> ForAsync(JobDefinition job, CancellationToken ct);
}
