using Kiln.Baking.Processes;
using Kiln.Baking.Steps;

namespace Kiln.Baking.Tests.Steps;

/// <summary>The removal command runs here in a real POSIX shell against a scratch HOME.</summary>
public class StepRemoveTemporaryKeyTests
{
    private const string RunKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC+run/key+body== kiln-20260101";
    private const string Other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther+Key/Body admin@example";

    public static TheoryData<string, string> Cases => new()
    {
        { $"{Other}\n{RunKey}\n", $"{Other}\n" },
        { $"{RunKey}\n", "" },
        // The cloud may install the key with another comment: the body decides.
        { "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC+run/key+body== other-comment\n" + Other + "\n", $"{Other}\n" },
        { $"{Other}\n", $"{Other}\n" },
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task Only_the_runs_key_line_is_removed(string before, string after)
    {
        var home = Path.Combine(Path.GetTempPath(), $"kiln-home-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        var file = Path.Combine(home, ".ssh", "authorized_keys");
        await File.WriteAllTextAsync(file, before);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", StepRemoveTemporaryKey.RemoveCommand(RunKey)])
        {
            Environment = new Dictionary<string, string> { ["HOME"] = home },
        }, (_, _) => { }, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(after, await File.ReadAllTextAsync(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
