using System.Text.RegularExpressions;

namespace Kiln.Core.Naming;

/// <summary>Names the clouds accept, checked before any call so a bad one costs nothing.</summary>
public static partial class NameRules
{
    /// <summary>EC2 image names: 3–128 characters of letters, digits, ( ) [ ] space . / - ' @ _ (CreateImage's rule).</summary>
    public static string? ImageNameProblem(string name) =>
        name.Length is < 3 or > 128 ? $"image name '{Printable(name)}' must be 3 to 128 characters long"
        : !AmiName().IsMatch(name) ? $"image name '{Printable(name)}' may hold only letters, digits and ( ) [ ] . / - ' @ _ and spaces (EC2's rule for image names)"
        : null;

    /// <summary>A family as `kiln images` and `kiln prune` take it: what, followed by `-YYYYMMDD-HHMM`, is a valid
    /// image name (a family read from a Packer template's ami_name may use any of EC2's characters).</summary>
    public static string? FamilyProblem(string family) =>
        family.Length == 0 ? "the family is empty: give one such as hoge-dev-api-base"
        : family.Length > 114 ? $"family '{Printable(family)}' is longer than 114 characters (its image names would pass EC2's 128)"
        : !AmiName().IsMatch(family) ? $"family '{Printable(family)}' may hold only letters, digits and ( ) [ ] . / - ' @ _ and spaces (EC2's rule for image names)"
        : null;

    /// <summary>One part of a family name (account, env, category): lower-case letters, digits and '-', so it is
    /// valid in image names on AWS and GCP alike, and safe in file names and shell words.</summary>
    public static string? PartProblem(string what, string value) =>
        value.Length == 0 ? $"{what} is empty: give a name such as 'dev'"
        : !Part().IsMatch(value) ? $"{what} '{Printable(value)}' may hold only lower-case letters, digits and '-', starting with a letter or digit"
        : value.Length > 40 ? $"{what} '{Printable(value)}' is longer than 40 characters"
        : null;

    /// <summary>Why Compute Engine would refuse this image or family name (RFC 1035: `[a-z]([-a-z0-9]{0,61}[a-z0-9])?`).</summary>
    public static string? GceNameProblem(string what, string name) =>
        GceName().IsMatch(name) ? null
        : $"{what} '{Printable(name)}' is not a name Compute Engine takes: 1 to 63 lower-case letters, digits and '-', starting with a letter and not ending with '-'";

    /// <summary>Why Compute Engine would refuse this label: keys 1–63 lower-case letters, digits, `_`, `-`, starting with a
    /// letter; values at most 63 of the same.</summary>
    public static string? GceLabelProblem(string key, string value) =>
        !GceLabelKey().IsMatch(key) ? $"label key '{Printable(key)}' is not one Compute Engine takes: 1 to 63 lower-case letters, digits, '_' or '-', starting with a letter"
        : !GceLabelValue().IsMatch(value) ? $"label {Printable(key)}='{Printable(value)}' is not one Compute Engine takes: values are at most 63 lower-case letters, digits, '_' or '-'"
        : null;

    /// <summary>Why this is not an AWS region name (such as ap-northeast-1).</summary>
    public static string? RegionProblem(string region) =>
        AwsRegion().IsMatch(region) ? null : $"'{Printable(region)}' is not a region name such as ap-northeast-1";

    /// <summary>Why this is not a profile name of ~/.aws/config (1–64 letters, digits, '-', '_', '.').</summary>
    public static string? ProfileProblem(string profile) =>
        AwsProfile().IsMatch(profile) ? null : $"'{Printable(profile)}' is not a profile name (letters, digits, '-', '_', '.')";

    /// <summary>A value shown in an error message without control characters.</summary>
    public static string Printable(string value)
    {
        var cut = value.Length > 80 ? value[..80] + "…" : value;
        return new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }

    [GeneratedRegex(@"^[A-Za-z0-9()\[\] ./\-'@_]+$")]
    private static partial Regex AmiName();

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")] private static partial Regex GceName();
    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")] private static partial Regex AwsRegion();
    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}$")] private static partial Regex AwsProfile();
    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")] private static partial Regex GceLabelKey();
    [GeneratedRegex("^[a-z0-9_-]{0,63}$")] private static partial Regex GceLabelValue();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Part();
}
