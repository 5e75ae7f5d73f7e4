using Kiln.Core.Jobs;

namespace Kiln.Server.Notifications;

/// <summary>Delivers one notification to one destination. Returns the status (an HTTP or SMTP code); throws
/// <see cref="DeliveryFailedException"/> (or any exception) when it did not get through.</summary>
public interface INotificationSender
{
    DestinationKind Kind { get; }
    Task<int> SendAsync(NotifyDestination destination, NotificationPayload payload, string deliveryId, CancellationToken ct);
}

/// <summary>The receiver answered, but not with success: its status is recorded on the run.</summary>
public sealed class DeliveryFailedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
