using System.Globalization;
using System.Text;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class StringFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["lower"] = Fixed(1, a => HclValue.Of(a.Str(0, "str").ToLowerInvariant()));
        f["upper"] = Fixed(1, a => HclValue.Of(a.Str(0, "str").ToUpperInvariant()));
        f["title"] = Fixed(1, a => HclValue.Of(Title(a.Str(0, "str"))));
        f["chomp"] = Fixed(1, a => HclValue.Of(Chomp(a.Str(0, "str"))));
        f["trimspace"] = Fixed(1, a => HclValue.Of(a.Str(0, "str").Trim()));
        f["trim"] = Fixed(2, a => HclValue.Of(a.Str(0, "str").Trim(a.Str(1, "cutset").ToCharArray())));
        f["trimprefix"] = Fixed(2, a => HclValue.Of(a.Str(0, "str") is var s && a.Str(1, "prefix") is var p && s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : a.Str(0, "str")));
        f["trimsuffix"] = Fixed(2, a => HclValue.Of(a.Str(0, "str") is var s && a.Str(1, "suffix") is var p && s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : a.Str(0, "str")));
        f["startswith"] = Fixed(2, a => HclValue.Of(a.Str(0, "str").StartsWith(a.Str(1, "prefix"), StringComparison.Ordinal)));
        f["endswith"] = Fixed(2, a => HclValue.Of(a.Str(0, "str").EndsWith(a.Str(1, "suffix"), StringComparison.Ordinal)));
        f["strrev"] = Fixed(1, a => HclValue.Of(Reverse(a.Str(0, "str"))));
        f["strlen"] = Fixed(1, a => HclValue.Of(new StringInfo(a.Str(0, "str")).LengthInTextElements));
        f["substr"] = Fixed(3, a => HclValue.Of(Substr(a.Str(0, "str"), a.Int(1, "offset"), a.Int(2, "length"))));
        f["replace"] = Fixed(3, Replace);
        f["split"] = Fixed(2, a => Args.Strs(a.Str(1, "str").Split(a.Str(0, "separator"))));
        f["join"] = Variadic(2, a => HclValue.Of(string.Join(a.Str(0, "separator"),
            Enumerable.Range(1, a.Count - 1).SelectMany(i => a.Strings(i, "lists")))));
        f["indent"] = Fixed(2, a => HclValue.Of(a.Str(1, "str").Replace("\n", "\n" + new string(' ', a.Int(0, "spaces")))));
    }

    private static string Chomp(string s)
    {
        while (s.EndsWith('\n') || s.EndsWith('\r')) s = s[..^1];
        return s;
    }

    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var start = true;
        foreach (var c in s)
        {
            sb.Append(start && char.IsLetter(c) ? char.ToUpperInvariant(c) : c);
            start = !char.IsLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return sb.ToString();
    }

    private static string Reverse(string s)
    {
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) elements.Add(e.GetTextElement());
        elements.Reverse();
        return string.Concat(elements);
    }

    private static string Substr(string s, int offset, int length)
    {
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) elements.Add(e.GetTextElement());
        if (offset < 0) offset += elements.Count;
        if (offset < 0 || offset > elements.Count) throw Args.Fail($"offset {offset} is outside the string of {elements.Count} characters");
        if (length < 0 || offset + length > elements.Count) length = elements.Count - offset;
        return string.Concat(elements.Skip(offset).Take(length));
    }

    /// <summary>A substring, or a regular expression when the search is written `/…/`, as Terraform's replace.</summary>
    private static HclValue Replace(IReadOnlyList<HclValue> a)
    {
        var s = a.Str(0, "str");
        var search = a.Str(1, "substr");
        var with = a.Str(2, "replace");
        if (search.Length > 1 && search.StartsWith('/') && search.EndsWith('/'))
            return HclValue.Of(RegexFunctions.Compile(search[1..^1]).Replace(s, RegexFunctions.GoReplacement(with)));
        return HclValue.Of(search.Length == 0 ? s : s.Replace(search, with, StringComparison.Ordinal));
    }
}
