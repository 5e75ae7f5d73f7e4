namespace Kiln.LocalCloud.Podman;

/// <summary>
/// Adds names to images, several in one go: names asked for within <see cref="Gather"/> of each other (a build's
/// copies to every region and its encrypted copy, made at once) are added together per source under
/// <see cref="ImageNamesLock"/> (one `podman tag SOURCE T1 T2 …`, or requests to podman's service) and checked by one
/// inspection of the source: with podman commands, three copies cost two podman runs instead of six. A name the image
/// does not keep (a program other than Kiln changing its names at that moment) is added again, three times at most.
/// </summary>
internal static class ImageTagger
{
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(15);
    private static readonly object Gate = new();
    private static List<Request> _pending = [];

    private sealed record Request(PodmanClient Podman, string Source, string Target)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static Task TagAsync(PodmanClient podman, string source, string target, CancellationToken ct)
    {
        var request = new Request(podman, source, target);
        lock (Gate)
        {
            _pending.Add(request);
            // The first of a batch flushes it; requests arriving while a flush runs start the next batch.
            if (_pending.Count == 1) _ = FlushSoonAsync();
        }
        return request.Done.Task.WaitAsync(ct);
    }

    private static async Task FlushSoonAsync()
    {
        await Task.Delay(Gather);
        List<Request> batch;
        lock (Gate) (batch, _pending) = (_pending, []);
        // Not cancellable: a name being added is finished for every request of the batch; a caller that gave up stops
        // waiting, and the local cloud's reconciliation drops a name no image record owns.
        foreach (var group in batch.GroupBy(r => (r.Podman, r.Source)))
        {
            try
            {
                await TagAllAsync(group.Key.Podman, group.Key.Source, group.Select(r => r.Target).Distinct().ToList());
                foreach (var r in group) r.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var r in group) r.Done.TrySetException(e);
            }
        }
    }

    private static async Task TagAllAsync(PodmanClient podman, string source, IReadOnlyList<string> targets)
    {
        var missing = targets;
        for (var attempt = 1; ; attempt++)
        {
            using (await ImageNamesLock.TakeAsync(CancellationToken.None)) await podman.AddNamesAsync(source, missing, CancellationToken.None);
            var kept = await NamesAsync(podman, source);
            missing = kept is null ? await MissingOneByOneAsync(podman, missing) : missing.Where(t => !kept.Contains(t)).ToList();
            if (missing.Count == 0) return;
            if (attempt == 3) throw new PodmanException($"podman tag {source} {string.Join(" ", missing)} did not keep the name (three tries)");
        }
    }

    /// <summary>Every name of the image <paramref name="source"/> names; null when it names none any more.</summary>
    private static async Task<HashSet<string>?> NamesAsync(PodmanClient podman, string source)
    {
        return await podman.ImageNamesAsync(source, CancellationToken.None);
    }

    private static async Task<List<string>> MissingOneByOneAsync(PodmanClient podman, IReadOnlyList<string> targets)
    {
        var missing = new List<string>();
        foreach (var t in targets)
            if (!await podman.ImageExistsAsync(t, CancellationToken.None)) missing.Add(t);
        return missing;
    }
}
