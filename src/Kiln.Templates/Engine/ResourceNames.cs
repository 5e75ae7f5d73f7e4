namespace Kiln.Templates.Engine;

public static class ResourceNames
{
    /// <summary>Packer's amazon `clean_resource_name`: every character EC2 refuses in an image name becomes '-';
    /// case is kept (letters, digits and `( ) [ ] space . / - ' @ _` stay). Checked against Packer 1.6.6:
    /// `"Ab:c d,e=f+g~h[i]j'k@l.m"` → `Ab-c d-e-f-g-h[i]j'k@l.m`.</summary>
    public static string CleanImageName(string s) =>
        string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || "()[] ./-'@_".Contains(c) ? c : '-'));
}
