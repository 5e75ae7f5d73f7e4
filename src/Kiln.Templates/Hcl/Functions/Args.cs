namespace Kiln.Templates.Hcl.Functions;

/// <summary>Typed access to a function's arguments: a wrong type fails with the parameter's name.</summary>
internal static class Args
{
    public static string Str(this IReadOnlyList<HclValue> a, int i, string name) => HclConvert.ToStr(a[i], $"\"{name}\"");
    public static decimal Num(this IReadOnlyList<HclValue> a, int i, string name) => HclConvert.ToNumber(a[i], $"\"{name}\"");
    public static int Int(this IReadOnlyList<HclValue> a, int i, string name) => HclConvert.ToInt(a[i], $"\"{name}\"");
    public static bool Bool(this IReadOnlyList<HclValue> a, int i, string name) => HclConvert.ToBool(a[i], $"\"{name}\"");
    public static IReadOnlyList<HclValue> Seq(this IReadOnlyList<HclValue> a, int i, string name) => HclConvert.ToSequence(a[i], $"\"{name}\"");
    public static SortedDictionary<string, HclValue> Map(this IReadOnlyList<HclValue> a, int i, string name) => HclConvert.ToMapping(a[i], $"\"{name}\"");

    public static IReadOnlyList<string> Strings(this IReadOnlyList<HclValue> a, int i, string name) =>
        a.Seq(i, name).Select((v, n) => HclConvert.ToStr(v, $"\"{name}\" element {n}")).ToList();

    public static HclValue Strs(IEnumerable<string> items) => HclValue.List(items.Select(HclValue.Of));

    public static InvalidOperationException Fail(string message) => new(message);
}
