using System.Diagnostics;
using System.Text.Json;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The real AWS CLI against the endpoint (`--endpoint-url`), credentials in its environment variables.</summary>
public sealed class AwsCli(LocalCloudServer server)
{
    public async Task<JsonElement> Ec2Async(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        if (code != 0) throw new InvalidOperationException($"aws ec2 {string.Join(' ', args)} failed: {stderr}");
        return stdout.Trim().Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs and returns the exit code and output; errors print `An error occurred (Code) …` on stderr.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ec2" }.Concat(args).Concat(["--endpoint-url", server.Endpoint.ToString(), "--output", "json"]))
            psi.ArgumentList.Add(a);
        psi.Environment["AWS_ACCESS_KEY_ID"] = server.Credentials.AccessKey;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = server.Credentials.SecretKey;
        psi.Environment["AWS_DEFAULT_REGION"] = "ap-northeast-1";
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        psi.Environment.Remove("AWS_PROFILE");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }
}
