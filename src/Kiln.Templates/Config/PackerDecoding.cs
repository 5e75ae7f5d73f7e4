using System.Globalization;

namespace Kiln.Templates.Config;

/// <summary>The parts of Packer's option decoding (mapstructure with WeaklyTypedInput and Packer's hooks, in
/// packer-plugin-sdk's template/config/decode.go) that a plain reader would refuse, so templates written against
/// Packer read the same in Kiln:
/// - "" is the zero value: false for a boolean, 0 for a number, no duration; Kiln reads each as "not given", which
///   applies the option's default exactly where Packer's zero does;
/// - a number is a boolean by being non-zero, a boolean is the string "1" or "0";
/// - a string where a list goes is split on commas (StringToSliceHookFunc(",")): "a,b" is ["a", "b"], "" is [];
/// - integers are read as Go's strconv.ParseInt(s, 0, …) does: 0x1f, 0o17, 0b101 and 1_000 count;
/// - keys beginning with "_" are comments. Packer 1.6 takes them only at the top level of a template; Kiln takes
///   them in every object of a template, so a comment never stops a build.</summary>
public static class PackerDecoding
{
    public static bool IsComment(string key) => key.StartsWith('_');

    public static string? BoolAsString(string? value) => value switch { "true" => "1", "false" => "0", _ => value };

    public static bool? NumberAsBool(string? value) =>
        value is null ? null : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0;

    public static IReadOnlyList<string> SplitList(string value) => value.Length == 0 ? [] : value.Split(',');

    public static bool TryParseInt(string text, out int value)
    {
        value = 0;
        var s = text;
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+')) s = s[1..];
        // Go allows underscores only between digits when a base prefix is implied; accepting them anywhere inside
        // the digits is close enough for a config value and never turns a mistake into another number.
        var (digits, radix) = s.Length > 2 && s[0] == '0' ? char.ToLowerInvariant(s[1]) switch
        {
            'x' => (s[2..], 16),
            'o' => (s[2..], 8),
            'b' => (s[2..], 2),
            _ => (s[1..], 8),
        } : (s, 10);
        if (digits.Length == 0 || digits.StartsWith('_') || digits.EndsWith('_')) return false;
        long result = 0;
        foreach (var c in digits.Replace("_", ""))
        {
            var digit = c switch { >= '0' and <= '9' => c - '0', >= 'a' and <= 'f' => c - 'a' + 10, >= 'A' and <= 'F' => c - 'A' + 10, _ => 99 };
            if (digit >= radix) return false;
            result = result * radix + digit;
            if (result > int.MaxValue + 1L) return false;
        }
        result = negative ? -result : result;
        if (result is > int.MaxValue or < int.MinValue) return false;
        value = (int)result;
        return true;
    }
}
