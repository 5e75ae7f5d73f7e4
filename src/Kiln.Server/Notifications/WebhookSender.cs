using System.Net.Http.Json;
using Kiln.Core.Jobs;

namespace Kiln.Server.Notifications;

/// <summary>`webhook: URL`: the payload as JSON, POSTed. `X-Kiln-Delivery` is the same on every attempt of one
/// notification, so a receiver can drop a repeat (a worker that dies after sending but before recording it).</summary>
public sealed class WebhookSender(HttpClient http) : INotificationSender
{
    public DestinationKind Kind => DestinationKind.Webhook;

    public Task<int> SendAsync(NotifyDestination destination, NotificationPayload payload, string deliveryId, CancellationToken ct) =>
        Http.PostAsync(http, destination, JsonContent.Create(payload, options: NotificationPayload.Json), payload, deliveryId, ct);
}

internal static class Http
{
    public static async Task<int> PostAsync(HttpClient http, NotifyDestination destination, HttpContent content, NotificationPayload payload,
        string deliveryId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, destination.Target) { Content = content };
        request.Headers.Add("X-Kiln-Delivery", deliveryId);
        request.Headers.Add("X-Kiln-Event", payload.Event);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var status = (int)response.StatusCode;
        return response.IsSuccessStatusCode ? status : throw new DeliveryFailedException(status, $"the receiver answered {status} {response.ReasonPhrase}");
    }
}
