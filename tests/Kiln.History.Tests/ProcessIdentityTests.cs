using System.Diagnostics;

namespace Kiln.History.Tests;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void This_process_has_a_stable_start_and_is_not_gone()
    {
        var start = ProcessIdentity.Start;
        Assert.NotNull(start);
        Assert.Equal(start, ProcessIdentity.StartOf(Environment.ProcessId));
        Assert.False(ProcessIdentity.IsGone(Environment.ProcessId, start));
        Assert.False(ProcessIdentity.IsGone(Environment.ProcessId, null));
    }

    [Fact]
    public void A_reused_pid_and_an_exited_process_are_gone()
    {
        Assert.True(ProcessIdentity.IsGone(Environment.ProcessId, "another-boot:123"));
        using var exited = Process.Start("true")!;
        exited.WaitForExit();
        Assert.True(ProcessIdentity.IsGone(exited.Id, null));
    }

    [Fact]
    public void A_command_name_with_spaces_and_parentheses_does_not_shift_the_fields()
    {
        // The kernel names a process after the file it executed: a link named "a) b" to sleep.
        var dir = Directory.CreateTempSubdirectory("kiln-comm-").FullName;
        var link = Path.Combine(dir, "a) b");
        File.CreateSymbolicLink(link, "/bin/sleep");
        using var sleeper = Process.Start(new ProcessStartInfo(link, ["5"]))!;
        try
        {
            Assert.Contains("(a) b)", File.ReadAllText($"/proc/{sleeper.Id}/stat"));
            // Started after this process, so its start ticks are not smaller; a shifted parse reads field 21 (always 0).
            Assert.True(Ticks(ProcessIdentity.StartOf(sleeper.Id)!) >= Ticks(ProcessIdentity.Start!));
            Assert.True(Ticks(ProcessIdentity.Start!) > 0);
        }
        finally
        {
            sleeper.Kill();
            Directory.Delete(dir, true);
        }
    }

    private static long Ticks(string start) => long.Parse(start[(start.LastIndexOf(':') + 1)..]);
}
