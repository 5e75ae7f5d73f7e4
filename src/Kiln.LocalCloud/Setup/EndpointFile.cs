using System.Text.Json;
using Kiln.Core;

namespace Kiln.LocalCloud.Setup;

/// <summary>`endpoint.json`: where a running `kiln local-cloud serve` listens, so other commands use it.</summary>
public sealed record EndpointFile(Uri Endpoint, int ProcessId, string HomeHash)
{
    public static EndpointFile? Read(LocalCloudLayout layout)
    {
        try
        {
            return File.Exists(layout.EndpointFile)
                ? JsonSerializer.Deserialize(File.ReadAllText(layout.EndpointFile), SetupJson.Default.EndpointFile)
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null; // a half-written or stale file is as good as none
        }
    }

    public void Write(LocalCloudLayout layout)
    {
        var tmp = layout.EndpointFile + $".{Environment.ProcessId}.tmp";
        KilnPaths.WritePrivateFile(tmp, JsonSerializer.Serialize(this, SetupJson.Default.EndpointFile));
        File.Move(tmp, layout.EndpointFile, overwrite: true);
    }

    /// <summary>Removes the file only when it still names this process (another serve may have replaced it).</summary>
    public static void RemoveIfOwned(LocalCloudLayout layout, int processId)
    {
        if (Read(layout) is { } f && f.ProcessId == processId) File.Delete(layout.EndpointFile);
    }
}
