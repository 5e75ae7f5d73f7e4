using Kiln.Core.Jobs;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's `smtp:` (host, port, from, user, password, security: none|starttls|tls): the server that
/// `email:` notifications go through. The password usually comes from `${env.NAME}`.</summary>
internal static class SmtpReader
{
    public static SmtpSettings? Read(OptionReader root)
    {
        if (root.Object("smtp") is not { } map) return null;
        var o = root.Nested(map, "smtp");
        var host = o.String("host");
        if (string.IsNullOrWhiteSpace(host)) o.Problems.At(map, "smtp needs host: the mail server's name or address");
        var security = o.String("security") switch
        {
            null or "none" => SmtpSecurity.None,
            "starttls" => SmtpSecurity.StartTls,
            "tls" => SmtpSecurity.Tls,
            var other => Bad(o, other),
        };
        var port = o.Int("port", 1, 65535) ?? (security == SmtpSecurity.Tls ? 465 : 25);
        var from = o.String("from") ?? "kiln@localhost";
        var user = o.String("user") is { } u ? EnvText.Resolve(u, o.Node("user")!, o.Problems) : null;
        var password = o.String("password") is { } p ? EnvText.Resolve(p, o.Node("password")!, o.Problems) : null;
        o.ReportUnknown();
        return string.IsNullOrWhiteSpace(host) ? null : new SmtpSettings(host, port, from, user, password, security);
    }

    private static SmtpSecurity Bad(OptionReader o, string value)
    {
        o.Problems.At(o.Node("security")!, $"'{Kiln.Core.Naming.NameRules.Printable(value)}' is not an SMTP security: use none, starttls or tls");
        return SmtpSecurity.None;
    }
}
