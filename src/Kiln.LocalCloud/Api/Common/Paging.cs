using System.Globalization;
using System.Text;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Api.Common;

/// <summary>MaxResults/NextToken over a stably ordered result. The token is opaque to clients (an offset here).</summary>
public static class Paging
{
    public static (IReadOnlyList<T> Page, string? NextToken) Apply<T>(IReadOnlyList<T> items, QueryParams p,
        int min = 5, int max = 1000, bool forbidWithIds = false, bool idsGiven = false)
    {
        var maxResults = p.Int("MaxResults");
        if (maxResults is null && p.Get("NextToken") is null) return (items, null);
        if (forbidWithIds && idsGiven && maxResults is not null)
            throw Ec2Errors.Combination("The parameter MaxResults cannot be used with the parameter ids");
        if (maxResults is { } m && (m < min || m > max))
            throw Ec2Errors.InvalidValue("MaxResults", m.ToString(CultureInfo.InvariantCulture), $"It must be between {min} and {max}.");
        var offset = Decode(p.Get("NextToken"));
        var size = maxResults ?? max;
        var page = items.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < items.Count ? Encode(offset + page.Count) : null;
        return (page, next);
    }

    private static string Encode(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"kiln:{offset}"));

    private static int Decode(string? token)
    {
        if (token is null) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("kiln:", StringComparison.Ordinal) && int.TryParse(text[5..], CultureInfo.InvariantCulture, out var o) && o >= 0)
                return o;
        }
        catch (FormatException) { }
        throw new Ec2Exception("InvalidPaginationToken", $"Invalid pagination token: {token}");
    }
}
