using System.Diagnostics;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Deploy;
using Kiln.EndToEnd.Tests.Cli;

namespace Kiln.EndToEnd.Tests.Deploy;

/// <summary>`kiln deploy` / `kiln rollback` refuse bad input with exit code 2, naming every problem, before any
/// history or cloud is opened (the KILN_HOME stays empty).</summary>
public sealed class DeployCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("kiln-deploy-cli-").FullName;

    [Theory]
    [InlineData("--group is required", "deploy", "hoge", "dev", "api")]
    [InlineData("--strategy 'canary' is not known", "deploy", "hoge", "dev", "api", "--group", "web", "--strategy", "canary")]
    [InlineData("account 'Hoge'", "deploy", "Hoge", "dev", "api", "--group", "web")]
    [InlineData("--create needs --target-group NAME:PORT", "deploy", "hoge", "dev", "api", "--group", "web", "--create")]
    [InlineData("--capacity 0 must be between 1 and 10", "deploy", "hoge", "dev", "api", "--group", "web", "--create", "--target-group", "web:8080", "--capacity", "0")]
    [InlineData("only go with --create", "deploy", "hoge", "dev", "api", "--group", "web", "--target-group", "web:8080")]
    [InlineData("--image 'web' is not an image id", "deploy", "hoge", "dev", "api", "--group", "web", "--image", "web")]
    [InlineData("--group 'a b'", "rollback", "hoge", "dev", "api", "--group", "a b")]
    [InlineData("--group 'Web_1' is not a Compute Engine name", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "Web_1")]
    [InlineData("--group 'Web_1' is not a Compute Engine name", "rollback", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "Web_1")]
    [InlineData("--canary '0%' must be a share between 1% and 99%", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web", "--canary", "0%")]
    [InlineData("--canary '100' must be a share between 1% and 99%", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web", "--canary", "100")]
    [InlineData("--canary runs on Compute Engine", "deploy", "hoge", "dev", "api", "--group", "web", "--canary", "20%")]
    [InlineData("--create needs --lb NAME:PORT", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web", "--create")]
    [InlineData("--capacity 0 must be between 1 and 10", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web", "--create", "--lb", "web:8080", "--capacity", "0")]
    [InlineData("--lb 'Web' is not a Compute Engine name", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web", "--create", "--lb", "Web:8080")]
    [InlineData("--promote finishes the canary under way", "deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web", "--promote", "--canary", "20%")]
    public async Task Bad_input_exits_2_and_says_what_to_fix(string problem, params string[] args)
    {
        var (code, stderr) = await Kiln(args);
        Assert.Equal(2, code);
        Assert.Contains(problem, stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_home));
    }

    /// <summary>Two deploys of one group race for its lock (<see cref="DeployLock"/>): this test process holds
    /// it as a running deploy would, and `kiln deploy` and `kiln rollback` of that group are refused at once, naming the
    /// holder's run, before any history or cloud is opened; a deploy of another group, or of the same name on another
    /// cloud, is not held back by it.</summary>
    [Fact]
    public async Task A_second_deploy_of_a_group_is_refused_naming_the_running_one_before_anything_is_opened()
    {
        var paths = new KilnPaths(_home);
        var running = new RunId("20260101-000000-0a0b0c");
        var gce = new CloudSpec(CloudKind.LocalGcp) { Project = "kiln-local", Zone = "us-central1-a" };
        using (DeployLock.Acquire(paths, gce, "web", running))
        {
            foreach (var command in new[] { "deploy", "rollback" })
            {
                var (code, stderr) = await Kiln([command, "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web"]);
                Assert.Equal(2, code);
                Assert.Contains($"group 'web' is being deployed by run {running.Value}", stderr);
            }
            Assert.Equal(["locks"], Directory.EnumerateFileSystemEntries(_home).Select(Path.GetFileName));
            // Another group, and the same group on the local EC2 cloud, go past the lock (and stop at the cloud, not initialised here).
            foreach (var other in new string[][] { ["--cloud", "local-gcp", "--group", "api"], ["--group", "web"] })
            {
                var (code, stderr) = await Kiln(["deploy", "hoge", "dev", "api", .. other]);
                Assert.DoesNotContain("is being deployed by", stderr);
                Assert.NotEqual(0, code);
            }
        }
        // Released: the next deploy of the group is no longer refused for it.
        var (_, after) = await Kiln(["deploy", "hoge", "dev", "api", "--cloud", "local-gcp", "--group", "web"]);
        Assert.DoesNotContain("is being deployed by", after);
    }

    /// <summary>The lock is the kernel's (flock): a holder killed with -9 holds nothing, with no stale record to clean.</summary>
    [Fact]
    public async Task A_deploy_killed_with_9_leaves_its_group_free()
    {
        var path = DeployLock.PathOf(new KilnPaths(_home), new CloudSpec(CloudKind.Local), "web");
        // The flock child (--no-fork: the process killed is the one holding the lock) stands for a deploy of run …0001,
        // whose record is written as that run takes the lock.
        var standsFor = new RunId("20260101-000000-000001");
        using (DeployLock.TryAcquire(path, standsFor, out _)) { }
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--no-fork", path, "sleep", "600"]) { UseShellExecute = false })!;
        try
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(50))
            {
                // Until the child holds it (a probe that wins writes the same record and lets go at once).
                using var taken = DeployLock.TryAcquire(path, standsFor, out var running);
                if (taken is null)
                {
                    Assert.Equal(standsFor, running);
                    break;
                }
                taken.Dispose();
                Assert.False(holder.HasExited, $"flock ended with {(holder.HasExited ? holder.ExitCode : 0)}");
                Assert.True(DateTime.UtcNow < deadline, "flock never took the lock");
            }
            holder.Kill(); // SIGKILL
            await holder.WaitForExitAsync();
            using var after = DeployLock.TryAcquire(path, new RunId("20260101-000000-000003"), out _);
            Assert.NotNull(after);
        }
        finally { if (!holder.HasExited) holder.Kill(); }
    }

    private async Task<(int Code, string Stderr)> Kiln(string[] args)
    {
        var start = new ProcessStartInfo(KilnProcess.Binary, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.Environment["KILN_HOME"] = _home;
        start.Environment.Remove("KILN_DB");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
