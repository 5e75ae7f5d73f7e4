using System.Diagnostics;
using System.Text.Json;
using Kiln.LocalCloud.Gce;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>
/// The unmodified gcloud CLI against the endpoint, with a private CLOUDSDK_CONFIG and HOME (gcloud compute ssh keeps
/// its key and known hosts under HOME), pointed there by the variables `kiln local-cloud env --gcloud` prints.
/// </summary>
public sealed class Gcloud : IDisposable
{
    private readonly Uri _endpoint;

    public Gcloud(LocalCloudServer server)
    {
        _endpoint = server.Endpoint;
        Home = Directory.CreateTempSubdirectory("kiln-test-gcloud-").FullName;
    }

    public string Home { get; }

    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync([.. args, "--format=json"]);
        if (code != 0) throw new InvalidOperationException($"gcloud {string.Join(' ', args)} failed ({code}): {stderr}");
        return stdout.Trim().Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("gcloud") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in GcloudEnvironment.For(_endpoint)) psi.Environment[name] = value;
        psi.Environment["CLOUDSDK_CONFIG"] = Path.Combine(Home, "config");
        psi.Environment["HOME"] = Home;
        psi.Environment["CLOUDSDK_CORE_DISABLE_PROMPTS"] = "1";
        // No look for a metadata server (there is none here), no update check, no usage report.
        psi.Environment["CLOUDSDK_CORE_CHECK_GCE_METADATA"] = "false";
        psi.Environment["CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK"] = "true";
        psi.Environment["CLOUDSDK_CORE_DISABLE_USAGE_REPORTING"] = "true";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"gcloud {string.Join(' ', args)} ran for 3 minutes"); }
        return (p.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { /* a test's leftovers in /tmp */ }
    }
}
