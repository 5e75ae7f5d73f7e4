using System.Text.RegularExpressions;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

/// <summary>regex, regexall and Packer's regex_replace. Patterns are RE2 as in Go; the common syntax is the same
/// in .NET, and Go's `(?P&lt;name&gt;…)` is rewritten to .NET's spelling.</summary>
internal static class RegexFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["regex"] = Fixed(2, a =>
        {
            var re = Compile(a.Str(0, "pattern"));
            var m = re.Match(a.Str(1, "string"));
            if (!m.Success) throw Args.Fail("pattern did not match any part of the given string");
            return Result(re, m);
        });
        f["regexall"] = Fixed(2, a =>
        {
            var re = Compile(a.Str(0, "pattern"));
            return HclValue.List(re.Matches(a.Str(1, "string")).Select(m => Result(re, m)));
        });
        f["regex_replace"] = Fixed(3, a => HclValue.Of(Compile(a.Str(1, "substr")).Replace(a.Str(0, "str"), GoReplacement(a.Str(2, "replace")))));
    }

    public static Regex Compile(string pattern)
    {
        try { return new Regex(pattern.Replace("(?P<", "(?<"), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException e) { throw Args.Fail($"invalid regular expression: {e.Message}"); }
    }

    /// <summary>Go's `$1` and `${name}` are .NET's too; a literal `$$` stays `$$`.</summary>
    public static string GoReplacement(string replacement) => replacement;

    private static HclValue Result(Regex re, Match m)
    {
        var names = re.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToList();
        var numbers = re.GetGroupNumbers().Where(n => n > 0).ToList();
        if (numbers.Count == 0) return HclValue.Of(m.Value);
        if (names.Count > 0)
            return HclValue.Object(names.Select(n => KeyValuePair.Create(n, m.Groups[n].Success ? HclValue.Of(m.Groups[n].Value) : HclValue.Null)));
        return HclValue.List(numbers.Select(n => m.Groups[n].Success ? HclValue.Of(m.Groups[n].Value) : HclValue.Null));
    }
}
