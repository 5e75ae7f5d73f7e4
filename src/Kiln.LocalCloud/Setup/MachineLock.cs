namespace Kiln.LocalCloud.Setup;

/// <summary>An exclusive lock for work shared by every KILN_HOME on this machine (flock on a file).</summary>
public static class MachineLock
{
    public static async Task<IDisposable> AcquireAsync(string path, TextWriter progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var told = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Linux; a second holder gets an IOException.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!told) { progress.WriteLine($"waiting for another kiln process that holds {path}"); told = true; }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
