using System.Xml.Linq;
using Kiln.Core;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Kiln.Server.Auth;

/// <summary>A SQLite installation's Data Protection keys: one XML file per key in a directory only its owner can
/// enter (0700), each file 0600 from its first byte. Whoever reads these files can forge session cookies.</summary>
public sealed class FileKeyRepository(string directory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        KilnPaths.EnsurePrivateDirectory(directory);
        return [.. Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal).Select(f => XElement.Load(f))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        KilnPaths.EnsurePrivateDirectory(directory);
        var name = string.Concat(friendlyName.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        var tmp = Path.Combine(directory, $".{name}.{Environment.ProcessId}.tmp");
        KilnPaths.WritePrivateFile(tmp, element.ToString(SaveOptions.DisableFormatting));
        File.Move(tmp, Path.Combine(directory, $"key-{name}.xml"), overwrite: true);
    }
}
