using System.Diagnostics;

namespace Kiln.Tests.Shared;

/// <summary>A process id that belonged to a process and no longer does: what a run killed with -9 leaves in its record.</summary>
internal static class DeadProcess
{
    public static async Task<int> IdAsync()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await p.WaitForExitAsync();
        return p.Id;
    }
}
