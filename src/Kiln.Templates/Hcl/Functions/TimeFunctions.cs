using System.Globalization;
using System.Text;
using Kiln.Templates.Engine;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

/// <summary>timestamp() is the run's start (one value for the whole template, as Packer fixes it per build);
/// formatdate and timeadd as HCL's stdlib; legacy_isotime with a Go layout as Packer's.</summary>
internal static class TimeFunctions
{
    public static void Register(Dictionary<string, HclFunction> f, HclFunctionHost host)
    {
        f["timestamp"] = Fixed(0, _ => HclValue.Of(Rfc3339(host.Now.ToUniversalTime())));
        f["formatdate"] = Fixed(2, a => HclValue.Of(FormatDate(a.Str(0, "format"), ParseTime(a.Str(1, "time")))));
        f["timeadd"] = Fixed(2, a =>
        {
            var time = ParseTime(a.Str(0, "timestamp"));
            var text = a.Str(1, "duration");
            if (!GoDuration.TryParse(text, out var duration)) throw Args.Fail($"\"{text}\" is not a duration such as \"1h30m\" or \"-10s\"");
            return HclValue.Of(Rfc3339(time + duration));
        });
        f["legacy_isotime"] = Fixed(1, a => HclValue.Of(GoTimeLayout.Format(a.Str(0, "format"), host.Now.ToUniversalTime())));
    }

    public static string Rfc3339(DateTimeOffset t) =>
        t.Offset == TimeSpan.Zero ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        throw Args.Fail($"\"{text}\" is not a timestamp in RFC 3339 form, such as \"2018-03-01T09:07:05Z\"");
    }

    private static string FormatDate(string format, DateTimeOffset t)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            if (c == '\'')
            {
                var end = format.IndexOf('\'', i + 1);
                if (end < 0) throw Args.Fail("unterminated literal '");
                sb.Append(end == i + 1 ? "'" : format[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            if (!char.IsLetter(c)) { sb.Append(c); i++; continue; }
            var n = 1;
            while (i + n < format.Length && format[i + n] == c) n++;
            var token = format.Substring(i, n);
            sb.Append(token switch
            {
                "YYYY" => t.Year.ToString("0000", CultureInfo.InvariantCulture),
                "YY" => (t.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                "MMMM" => t.ToString("MMMM", CultureInfo.InvariantCulture),
                "MMM" => t.ToString("MMM", CultureInfo.InvariantCulture),
                "MM" => t.Month.ToString("00", CultureInfo.InvariantCulture),
                "M" => t.Month.ToString(CultureInfo.InvariantCulture),
                "DD" => t.Day.ToString("00", CultureInfo.InvariantCulture),
                "D" => t.Day.ToString(CultureInfo.InvariantCulture),
                "EEEE" => t.ToString("dddd", CultureInfo.InvariantCulture),
                "EEE" => t.ToString("ddd", CultureInfo.InvariantCulture),
                "hh" => t.Hour.ToString("00", CultureInfo.InvariantCulture),
                "h" => t.Hour.ToString(CultureInfo.InvariantCulture),
                "HH" => Twelve(t.Hour).ToString("00", CultureInfo.InvariantCulture),
                "H" => Twelve(t.Hour).ToString(CultureInfo.InvariantCulture),
                "AA" => t.Hour < 12 ? "AM" : "PM",
                "aa" => t.Hour < 12 ? "am" : "pm",
                "mm" => t.Minute.ToString("00", CultureInfo.InvariantCulture),
                "m" => t.Minute.ToString(CultureInfo.InvariantCulture),
                "ss" => t.Second.ToString("00", CultureInfo.InvariantCulture),
                "s" => t.Second.ToString(CultureInfo.InvariantCulture),
                "ZZZZZ" => Offset(t, true),
                "ZZZZ" => Offset(t, false),
                "ZZZ" => t.Offset == TimeSpan.Zero ? "UTC" : Offset(t, false),
                "Z" => t.Offset == TimeSpan.Zero ? "Z" : Offset(t, true),
                _ => throw Args.Fail($"invalid date format verb \"{token}\": letters must be quoted, such as 'T'"),
            });
            i += n;
        }
        return sb.ToString();
    }

    private static int Twelve(int hour) => hour % 12 == 0 ? 12 : hour % 12;

    private static string Offset(DateTimeOffset t, bool colon)
    {
        var o = t.Offset;
        var sign = o < TimeSpan.Zero ? "-" : "+";
        o = o.Duration();
        return colon ? $"{sign}{o.Hours:00}:{o.Minutes:00}" : $"{sign}{o.Hours:00}{o.Minutes:00}";
    }
}
