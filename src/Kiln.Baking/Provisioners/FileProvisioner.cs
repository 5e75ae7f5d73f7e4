using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's file provisioner: upload (default) or download of files and directories. A source directory
/// ending in `/` sends its contents; without the slash the directory itself goes under the destination.</summary>
public sealed class FileProvisioner(FileProvisionerSpec spec) : IProvisioner
{
    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        foreach (var source in spec.Sources)
        {
            context.Log.Info($"{(IsDownload ? "Downloading" : "Uploading")} {source} => {spec.Destination}");
            if (IsDownload) await Upload.DownloadAsync(context.Target, source, spec.Destination, ct);
            else if (Directory.Exists(source))
            {
                var contentsOnly = source.EndsWith('/');
                var target = contentsOnly ? spec.Destination
                    : spec.Destination.TrimEnd('/') + "/" + Path.GetFileName(source.TrimEnd('/'));
                await Upload.DirectoryAsync(context.Target, source, target, ct);
            }
            else
            {
                var target = spec.Destination.EndsWith('/') ? spec.Destination + Path.GetFileName(source) : spec.Destination;
                await Upload.FileAsync(context.Target, source, target, ct);
            }
        }
    }

    private bool IsDownload => string.Equals(spec.Direction, "download", StringComparison.OrdinalIgnoreCase);
}
