using Kiln.Core;
using Kiln.Core.Jobs;
using Kiln.Server.Families;
using Kiln.Server.Jobs;

namespace Kiln.Server.Groups;

/// <summary>The groups page and the families page's "groups running it": every group of a deploy job, read on its
/// job's cloud all at once, each within <see cref="ReadTimeout"/>. A slow or unreachable cloud makes that group
/// unknown; it never holds the page longer than the timeout nor fails it.</summary>
public sealed class GroupService(IJobCatalog catalog, IGroupReaders? readers, TimeProvider clock) : IGroupImages
{
    /// <summary>How long one page load waits for a group (a call to a healthy cloud answers in well under a second).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyList<GroupView>> ListAsync(CancellationToken ct) =>
        await ReadAsync(Deploys().Select(d => d.Key).ToList(), ct);

    /// <summary>The image of each group's generation in service (its first version: the base of a canary).</summary>
    public async Task<IReadOnlyDictionary<string, ImageId?>> CurrentAsync(IReadOnlyList<string> groups, CancellationToken ct) =>
        (await ReadAsync(groups, ct)).ToDictionary(v => v.Group,
            v => v.State?.InService?.Versions.FirstOrDefault()?.Image is { } image ? new ImageId(image) : (ImageId?)null);

    /// <summary>Deploy jobs by group; a group given by an `${option.NAME}` is known only when a run names it.</summary>
    private IEnumerable<IGrouping<string, JobDefinition>> Deploys() =>
        catalog.Jobs.Where(j => j.Kind == JobKind.Deploy && j.Group is { } g && !OptionValues.HasReference(g))
            .GroupBy(j => j.Group!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);

    private async Task<IReadOnlyList<GroupView>> ReadAsync(IReadOnlyList<string> groups, CancellationToken ct)
    {
        var jobs = Deploys().ToDictionary(d => d.Key, d => d.ToList(), StringComparer.Ordinal);
        return await Task.WhenAll(groups.Where(jobs.ContainsKey).Select(g => ReadOneAsync(g, jobs[g], ct)));
    }

    private async Task<GroupView> ReadOneAsync(string group, List<JobDefinition> jobs, CancellationToken ct)
    {
        var view = new GroupView(group, jobs.Select(j => j.Name).ToList(), jobs[0].Family, null, null);
        if (readers is null) return view with { Unknown = "no cloud configured" };
        using var budget = new CancellationTokenSource(ReadTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        try
        {
            // WaitAsync: the page does not wait for a reader that ignores its token past the timeout.
            var reader = await readers.ForAsync(jobs[0], linked.Token).WaitAsync(linked.Token);
            return view with { State = await reader.ReadAsync(group, linked.Token).WaitAsync(linked.Token) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return view with { Unknown = $"the cloud did not answer within {ReadTimeout.TotalSeconds:0.#} s" };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return view with
            {
                Unknown = e switch
                {
                    KilnInputException k => string.Join("; ", k.Problems),
                    HttpRequestException => "the cloud could not be reached",
                    _ => "the cloud could not be read",
                },
            };
        }
    }
}
