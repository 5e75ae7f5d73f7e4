using System.Diagnostics;

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

    private async Task<(int Code, string Stderr)> Kiln(string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "kiln"), args)
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
