using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Notifications;

public static class NotificationSetup
{
    /// <summary>The outbox, its delivery loop (a hosted service on every worker) and one sender per destination kind.
    /// One HttpClient for webhooks and Slack; each attempt has its own time limit (<see cref="NotificationDelivery.AttemptTimeout"/>).</summary>
    public static IServiceCollection AddKilnNotifications(this IServiceCollection s, SmtpSettings? smtp)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            { Timeout = Timeout.InfiniteTimeSpan };
        s.AddSingleton<NotificationOutbox>().AddSingleton<PublicAddress>().AddSingleton<RunNotifier>().AddSingleton<RunFollowUps>();
        s.AddSingleton<INotificationSender>(new WebhookSender(http)).AddSingleton<INotificationSender>(new SlackSender(http))
         .AddSingleton<INotificationSender>(new EmailSender(smtp, NotificationDelivery.AttemptTimeout));
        s.AddSingleton<NotificationDelivery>().AddHostedService(sp => sp.GetRequiredService<NotificationDelivery>());
        return s;
    }
}
