using Kiln.Core.Jobs;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Notifications;

/// <summary>Sends the outbox's notifications, off every run's path: each worker polls for due rows (and is woken at
/// once when it queues one), claims them, and sends them side by side, so a receiver that hangs holds only its own
/// delivery, for at most <see cref="AttemptTimeout"/>. A failed attempt is tried again after 2, 4, 8, 16, 32 s;
/// the backoff lives in the database, not in memory, so a worker that dies mid-way leaves its retries to the
/// others. The status and attempts go on the run's record; nothing here ever changes a run's outcome.</summary>
public sealed class NotificationDelivery(
    NotificationOutbox outbox, IJobCatalog catalog, IEnumerable<INotificationSender> senders, WorkerIdentity worker,
    ILogger<NotificationDelivery> diagnostics) : BackgroundService
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _inFlight = new(16);

    /// <summary>Something was queued on this worker: look now rather than at the next poll.</summary>
    public void Wake() { if (_wake.CurrentCount == 0) _wake.Release(); }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                foreach (var due in await outbox.ClaimDueAsync(worker.Id, _inFlight.CurrentCount, stopping))
                {
                    await _inFlight.WaitAsync(stopping);
                    _ = Task.Run(async () => { try { await DeliverAsync(due, stopping); } finally { _inFlight.Release(); } }, CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            catch (Exception e) { diagnostics.LogWarning(e, "notification outbox: poll failed"); }
            try { await _wake.WaitAsync(PollInterval, stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task DeliverAsync(DueNotification due, CancellationToken stopping)
    {
        var destinations = catalog.Find(due.Job)?.More.Notify?.For(due.Event) ?? [];
        if (due.Destination >= destinations.Count)
        {
            await outbox.FailedAsync(due.Id, null, "the destination is no longer in kiln.yml", null, CancellationToken.None);
            return;
        }
        var destination = destinations[due.Destination];
        var masker = new SecretMasker();
        masker.Add(destination.Target);
        try
        {
            var sender = senders.First(s => s.Kind == destination.Kind);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(AttemptTimeout);
            int status;
            try { status = await sender.SendAsync(destination, NotificationPayload.FromJson(due.Payload), due.Id, timeout.Token); }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                throw new DeliveryFailedException(0, $"no answer within {AttemptTimeout.TotalSeconds:0} s");
            }
            await outbox.DeliveredAsync(due.Id, status, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the lease runs out and another worker (or this one's next start) sends it.
        }
        catch (Exception e)
        {
            var attempt = due.Attempts + 1;
            TimeSpan? again = attempt >= NotificationOutbox.MaxAttempts ? null : TimeSpan.FromSeconds(Math.Pow(2, attempt));
            // The URL may be a secret (and HttpClient's messages may quote it): shown as its display form.
            var error = masker.Mask(e.Message).Replace("***", destination.Display, StringComparison.Ordinal);
            await outbox.FailedAsync(due.Id, e is DeliveryFailedException { Status: > 0 } f ? f.Status : null, error, again, CancellationToken.None);
            diagnostics.LogInformation("notification {Id} to {Destination}: attempt {Attempt} failed: {Error}", due.Id, destination.Display, attempt, error);
        }
    }
}
