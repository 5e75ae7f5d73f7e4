namespace Kiln.LocalCloud.Podman;

/// <summary>
/// Podman 4.3 changes an image's names by rewriting its whole list, so two `podman tag` or `podman rmi NAME` of one
/// image at once can lose a name (measured here: 4 concurrent tags of one image, 10 rounds, 16 of 40 names lost).
/// Every home's base AMI is a name of the machine's one base image, so two homes starting together hit it. Kiln's
/// name changes therefore take this machine-wide lock (an flock on a file under /run/lock, released by the kernel
/// when a process dies).
/// </summary>
internal static class ImageNamesLock
{
    private static readonly string LockFile = Path.Combine(Directory.Exists("/run/lock") ? "/run/lock" : Path.GetTempPath(),
        "kiln-podman-image-names.lock");

    public static async Task<IDisposable> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux: a second holder gets an IOException.
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(20, ct);
            }
        }
    }
}
