using Kiln.Core.Jobs;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Kiln.Server.Notifications;

/// <summary>`email: [addresses]`: a plain-text mail through the SMTP server of kiln.yml's `smtp:` (MailKit).</summary>
public sealed class EmailSender(SmtpSettings? smtp, TimeSpan timeout) : INotificationSender
{
    public DestinationKind Kind => DestinationKind.Email;

    public async Task<int> SendAsync(NotifyDestination destination, NotificationPayload payload, string deliveryId, CancellationToken ct)
    {
        if (smtp is null) throw new DeliveryFailedException(0, "no smtp: section in kiln.yml: add smtp: {host: …, from: …} to send mail");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in destination.Target.Split(',', StringSplitOptions.RemoveEmptyEntries)) message.To.Add(MailboxAddress.Parse(to.Trim()));
        message.Subject = payload.Headline;
        message.MessageId = $"{deliveryId}@kiln";
        message.Body = new TextPart("plain") { Text = payload.Text() };
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            }, ct);
            if (smtp.User is not null) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return 250;
        }
        catch (SmtpCommandException e)
        {
            throw new DeliveryFailedException((int)e.StatusCode, $"the mail server refused: {(int)e.StatusCode} {e.Message}");
        }
    }
}
