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

        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(after, await File.ReadAllTextAsync(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally { Directory.Delete(home, recursive: true); }
    }

    /// <summary>The login that removes the key then takes the inventory of the image without it; when the removal
    /// fails (here: mktemp cannot write), it says so on stderr and takes none.</summary>
    [Fact]
    public async Task The_inventory_follows_the_removal_in_one_login_and_only_when_it_succeeded()
    {
        var home = Path.Combine(Path.GetTempPath(), $"kiln-home-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        var file = Path.Combine(home, ".ssh", "authorized_keys");
        await File.WriteAllTextAsync(file, $"{Other}\n{RunKey}\n");
        var command = StepRemoveTemporaryKey.RemoveThenInventoryCommand(RunKey, [home]);

        async Task<(int Exit, List<string> Out, List<string> Err)> RunAsync(string tmp)
        {
            var (output, errors) = (new List<string>(), new List<string>());
            var result = await ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", command])
            {
                Environment = new Dictionary<string, string> { ["HOME"] = home, ["TMPDIR"] = tmp },
            }, (s, l) => (s == "stdout" ? output : errors).Add(l), CancellationToken.None);
            return (result.ExitCode, output, errors);
        }

        var failed = await RunAsync(Path.Combine(home, "no-such-dir"));
        Assert.Equal(1, failed.Exit);
        Assert.Equal(StepRemoveTemporaryKey.RemovalFailed, failed.Err.Last());
        Assert.Empty(failed.Out);
        Assert.Contains("run/key", await File.ReadAllTextAsync(file));

        var done = await RunAsync(Path.GetTempPath());
        Assert.True(done.Exit == 0, string.Join(" / ", done.Err));
        Assert.Equal($"{Other}\n", await File.ReadAllTextAsync(file));
        var manifest = Assert.Single(done.Out, l => l.StartsWith("E\t") && l.EndsWith("/.ssh/authorized_keys"));
        Assert.Contains($"\t{Other.Length + 1}\t", manifest); // the size of the file without the key
        Assert.Contains(done.Out, l => l.StartsWith("H\t"));
        Directory.Delete(home, recursive: true);
    }
}
