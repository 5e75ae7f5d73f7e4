using Kiln.Baking.Processes;

namespace Kiln.Baking.Ssh;

/// <summary>Stops ssh control masters left in a directory (ControlPersist keeps them 60 s after ansible exits,
/// holding a connection to an instance that is about to be imaged).</summary>
public static class ControlMasters
{
    public const string KilnMaster = "kiln-ssh";

    /// <summary>Closes the masters in <paramref name="directory"/>; <paramref name="keepKilns"/> spares Kiln's own
    /// (ansible's finish must not cost the next ssh call a new handshake).</summary>
    public static async Task CloseAsync(string directory, bool keepKilns = false)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var socket in Directory.EnumerateFiles(directory))
        {
            if (keepKilns && Path.GetFileName(socket) == KilnMaster) continue;
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await ChildProcess.RunAsync(new ProcessSpec("ssh", ["-o", $"ControlPath={socket}", "-O", "exit", "kiln-control-master"]),
                    (_, _) => { }, quick.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or System.ComponentModel.Win32Exception) { /* best effort */ }
            File.Delete(socket);
        }
    }
}
