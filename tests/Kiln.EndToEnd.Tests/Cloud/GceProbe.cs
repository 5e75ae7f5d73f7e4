using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kiln.EndToEnd.Tests.Cloud;

/// <summary>What is in the local cloud's Compute Engine project, read over its REST API with a plain HttpClient (as
/// any client sees it, not through Kiln's adapter): instances, disks, firewall rules and images.</summary>
public sealed record GceInventory(IReadOnlySet<string> Instances, IReadOnlySet<string> Disks, IReadOnlySet<string> Firewalls,
    IReadOnlySet<string> Images)
{
    /// <summary>What is here and was not in <paramref name="before"/>, one line per resource ("" when nothing).</summary>
    public string NewSince(GceInventory before) => string.Join('\n',
        New("instance", Instances, before.Instances).Concat(New("disk", Disks, before.Disks))
            .Concat(New("firewall rule", Firewalls, before.Firewalls)).Concat(New("image", Images, before.Images)));

    private static IEnumerable<string> New(string kind, IReadOnlySet<string> now, IReadOnlySet<string> before) =>
        now.Except(before).Order().Select(name => $"{kind} {name}");
}

public sealed class GceProbe(Uri root, string project, string home) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
    public string Project => project;

    public async Task<GceInventory> InventoryAsync() => new(
        (await AggregatedAsync("instances")).ToHashSet(), (await AggregatedAsync("disks")).ToHashSet(),
        (await NamesAsync($"projects/{project}/global/firewalls")).ToHashSet(),
        (await NamesAsync($"projects/{project}/global/images")).ToHashSet());

    public async Task<JsonObject?> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public Task<JsonObject?> ImageAsync(string name) => GetAsync($"projects/{project}/global/images/{name}");

    public async Task<IReadOnlyList<JsonObject>> ImagesAsync() =>
        (await GetAsync($"projects/{project}/global/images"))?["items"]?.AsArray().Select(i => i!.AsObject()).ToList() ?? [];

    private async Task<IEnumerable<string>> NamesAsync(string path) =>
        (await GetAsync(path))?["items"]?.AsArray().Select(i => (string)i!["name"]!) ?? [];

    private async Task<IEnumerable<string>> AggregatedAsync(string kind)
    {
        var page = await GetAsync($"projects/{project}/aggregated/{kind}");
        return page?["items"]?.AsObject().SelectMany(scope => scope.Value?[kind]?.AsArray().Select(i => (string)i!["name"]!) ?? []) ?? [];
    }

    /// <summary>An instance of the image with a key of the test's own in its `ssh-keys` metadata, ready for SSH as
    /// <paramref name="user"/>.</summary>
    public async Task<GceTestInstance> LaunchAsync(string image, string user = "tester", string zone = "us-central1-a")
    {
        var name = $"e2e-{Guid.NewGuid().ToString("N")[..10]}";
        var keyFile = Path.Combine(home, name);
        await RunAsync("ssh-keygen", "-t", "ed25519", "-N", "", "-q", "-f", keyFile);
        var body = new JsonObject
        {
            ["name"] = name,
            ["machineType"] = $"zones/{zone}/machineTypes/e2-small",
            ["disks"] = new JsonArray(new JsonObject
            {
                ["boot"] = true, ["autoDelete"] = true,
                ["initializeParams"] = new JsonObject { ["sourceImage"] = $"projects/{project}/global/images/{image}" },
            }),
            ["networkInterfaces"] = new JsonArray(new JsonObject
            {
                ["network"] = "global/networks/default",
                ["accessConfigs"] = new JsonArray(new JsonObject { ["type"] = "ONE_TO_ONE_NAT" }),
            }),
            ["metadata"] = new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject { ["key"] = "ssh-keys", ["value"] = $"{user}:{(await File.ReadAllTextAsync(keyFile + ".pub")).Trim()}" }),
            },
        };
        using var insert = await _http.PostAsJsonAsync($"projects/{project}/zones/{zone}/instances", body);
        Assert.True(insert.IsSuccessStatusCode, await insert.Content.ReadAsStringAsync());
        var instance = new GceTestInstance(this, zone, name, user, keyFile);
        await instance.WaitUntilReachableAsync();
        return instance;
    }

    internal async Task DeleteAsync(string path)
    {
        using var response = await _http.DeleteAsync(path);
        if (response.StatusCode != HttpStatusCode.NotFound) response.EnsureSuccessStatusCode();
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An instance the test launched through the Compute API; reached with plain `ssh`. Disposing deletes it
/// (its boot disk goes with it: autoDelete).</summary>
public sealed class GceTestInstance(GceProbe probe, string zone, string name, string user, string keyFile) : IAsyncDisposable
{
    private string _address = "";

    internal async Task WaitUntilReachableAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var i = await probe.GetAsync($"projects/{probe.Project}/zones/{zone}/instances/{name}");
            if ((string?)i?["status"] == "RUNNING" && (string?)i["networkInterfaces"]?[0]?["accessConfigs"]?[0]?["natIP"] is { Length: > 0 } ip)
            {
                _address = ip;
                if ((await SshAsync("true")).ExitCode == 0) return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"instance {name} did not answer SSH within 60 s");
            await Task.Delay(300);
        }
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> SshAsync(string command) => GceProbe.RunAsync("ssh", "-i", keyFile,
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5",
        "-o", "LogLevel=ERROR", $"{user}@{_address}", command);

    public async Task<string> RunAsync(string command)
    {
        var (code, stdout, stderr) = await SshAsync(command);
        Assert.True(code == 0, $"`{command}` on {name} exited {code}: {stderr}");
        return stdout;
    }

    public async ValueTask DisposeAsync()
    {
        await probe.DeleteAsync($"projects/{probe.Project}/zones/{zone}/instances/{name}");
        File.Delete(keyFile);
        File.Delete(keyFile + ".pub");
    }
}
