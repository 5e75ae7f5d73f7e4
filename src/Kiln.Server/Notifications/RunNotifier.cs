using Kiln.Core;
using Kiln.Core.Jobs;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Notifications;

/// <summary>Queues a run's notification for one event: builds the payload from the run's record (its log is masked
/// already; the secure options' values are masked again in the whole payload), writes it to the outbox and wakes
/// this worker's delivery. Never throws: a notification must not change a run's outcome.</summary>
public sealed class RunNotifier(NotificationOutbox outbox, NotificationDelivery delivery, IRunStore store, PublicAddress address,
    TimeProvider clock, ILogger<RunNotifier> diagnostics)
{
    public const int LogLines = 20;

    public async Task NotifyAsync(JobDefinition job, RunRequest request, NotifyEvent e, RunOutcome outcome, string? error, string? image,
        SecretMasker masker)
    {
        var destinations = job.More.Notify?.For(e) ?? [];
        if (destinations.Count == 0) return;
        try
        {
            var details = await store.GetRunAsync(request.Run, CancellationToken.None);
            var started = details?.Run.Started ?? clock.GetUtcNow();
            var payload = new NotificationPayload(
                NotificationOutbox.Name(e), job.Name, request.Run.Value, Outcome(outcome), request.Attempt, (job.More.Retry?.Count ?? 0) + 1,
                job.Shown(request.OptionValues), job.Family, image, Math.Round(((details?.Run.Finished ?? clock.GetUtcNow()) - started).TotalSeconds, 1),
                details?.Steps.LastOrDefault(s => s.Outcome == "Failed")?.Name, error, await TailAsync(request.Run), address.RunPage(request.Run));
            await outbox.EnqueueAsync(request.Run, job.Name, e, destinations, masker.Mask(payload.ToJson()), CancellationToken.None);
            delivery.Wake();
        }
        catch (Exception x)
        {
            diagnostics.LogWarning(x, "run {Run}: the {Event} notification could not be queued", request.Run, e);
        }
    }

    public static string Outcome(RunOutcome outcome) => RunOutcomes.Name(outcome);

    private async Task<IReadOnlyList<string>> TailAsync(RunId run)
    {
        var tail = new Queue<string>();
        long after = 0;
        while (true)
        {
            var page = await store.GetLogAsync(run, after, 5000, CancellationToken.None);
            foreach (var line in page)
            {
                tail.Enqueue(line.Text);
                if (tail.Count > LogLines) tail.Dequeue();
            }
            if (page.Count < 5000) return [.. tail];
            after = page[^1].Seq;
        }
    }
}
