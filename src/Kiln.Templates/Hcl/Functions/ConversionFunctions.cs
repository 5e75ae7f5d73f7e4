using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class ConversionFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["tostring"] = Fixed(1, a => To(a[0], HclType.String));
        f["tonumber"] = Fixed(1, a => To(a[0], new HclType.Primitive("number")));
        f["tobool"] = Fixed(1, a => To(a[0], new HclType.Primitive("bool")));
        f["tolist"] = Fixed(1, a => To(a[0], new HclType.Collection("list", HclType.Any)));
        f["tomap"] = Fixed(1, a => To(a[0], new HclType.Collection("map", HclType.Any)));
    }

    private static HclValue To(HclValue v, HclType type) => HclTypeConversion.Convert(v, type);
}
