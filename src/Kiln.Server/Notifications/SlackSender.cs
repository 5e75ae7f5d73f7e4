using System.Net.Http.Json;
using Kiln.Core.Jobs;

namespace Kiln.Server.Notifications;

/// <summary>`slack: URL`: Slack's incoming-webhook message (`text`, plus one attachment with a colour and fields),
/// which Mattermost's incoming webhooks take too.</summary>
public sealed class SlackSender(HttpClient http) : INotificationSender
{
    public DestinationKind Kind => DestinationKind.Slack;

    public Task<int> SendAsync(NotifyDestination destination, NotificationPayload payload, string deliveryId, CancellationToken ct) =>
        Http.PostAsync(http, destination, JsonContent.Create(Message(payload)), payload, deliveryId, ct);

    public static object Message(NotificationPayload p)
    {
        var fields = new List<object> { Field("Outcome", p.Outcome) };
        if (p.MaxAttempts > 1) fields.Add(Field("Attempt", $"{p.Attempt} of {p.MaxAttempts}"));
        if (p.Family is not null) fields.Add(Field("Family", p.Family));
        if (p.Image is not null) fields.Add(Field("Image", p.Image));
        if (p.DurationSeconds is { } d) fields.Add(Field("Duration", $"{d:0.0} s"));
        if (p.FailedStep is not null) fields.Add(Field("Failed step", p.FailedStep));
        foreach (var (k, v) in p.Options) fields.Add(Field(k, v));
        var color = p.Outcome switch { "succeeded" => "good", "running" => "#1f4fa8", _ => "danger" };
        var tail = p.LastLog.Count == 0 ? null : "```\n" + string.Join("\n", p.LastLog.TakeLast(20)) + "\n```";
        return new
        {
            text = $"{Escape(p.Headline)} <{p.Url}|open the run>",
            attachments = new[] { new { fallback = p.Headline, color, title = p.Error is null ? null : Escape(p.Error), text = tail, fields } },
        };
    }

    private static object Field(string title, string value) => new { title, value = Escape(value), @short = true };

    /// <summary>Slack's three control characters in message text.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
