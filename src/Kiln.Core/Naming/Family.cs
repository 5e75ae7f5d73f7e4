using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.Core.Naming;

/// <summary>An image family (`hoge-dev-api-base`); its images are named `{family}-{YYYYMMDD-HHMM}`.</summary>
public sealed partial record Family(string Name)
{
    public const string StampFormat = "yyyyMMdd-HHmm";

    /// <summary>The article's family: `{account}-{env}-{category}-base`.</summary>
    public static Family For(string account, string env, string category) => new($"{account}-{env}-{category}-base");

    public string ImageNameAt(DateTimeOffset time) =>
        $"{Name}-{time.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture)}";

    /// <summary>The build time in an image name of exactly this family, or null: `hoge-dev-api-base2-…` and
    /// `xhoge-dev-api-base-…` are other families (the article's `grep` took them).</summary>
    public DateTime? StampOf(string imageName)
    {
        if (!imageName.StartsWith(Name + "-", StringComparison.Ordinal)) return null;
        var rest = imageName[(Name.Length + 1)..];
        if (!StampPattern().IsMatch(rest)) return null;
        return DateTime.TryParseExact(rest, StampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamp) ? stamp : null;
    }

    /// <summary>The EC2 name filter that finds candidates; <see cref="StampOf"/> then keeps the exact members.</summary>
    public string NameFilter => Name + "-*";

    /// <summary>Members of this family, newest first (by the stamp in the name, then creation time).</summary>
    public IReadOnlyList<T> Generations<T>(IEnumerable<T> images, Func<T, string> name, Func<T, DateTimeOffset> created) =>
        images.Select(i => (Image: i, Stamp: StampOf(name(i))))
              .Where(x => x.Stamp is not null)
              .OrderByDescending(x => x.Stamp).ThenByDescending(x => created(x.Image))
              .Select(x => x.Image).ToList();

    [GeneratedRegex(@"^\d{8}-\d{4}$")]
    private static partial Regex StampPattern();
}
