using System.Text.Json;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The local cloud's machines through podman's REST service: the same containers and images as the podman
/// commands make, and a service that is started when none answers, once.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class PodmanServiceTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-podman-service-").FullName;
    private readonly string _id = $"{Random.Shared.Next():x8}";
    private readonly PodmanClient _commands = new();

    private string Socket => Path.Combine(_dir, "run", "podman.sock");

    [Fact]
    public async Task A_machine_made_through_the_service_is_the_one_podman_run_makes()
    {
        using var api = new PodmanApi(new PodmanService("podman", Socket));
        var viaService = new PodmanClient("podman", api);
        var (a, b) = (Spec("cmd", 201), Spec("api", 202));
        try
        {
            await _commands.RunAsync(a, None);
            await viaService.RunAsync(b, None);

            var (made, expected) = (await InspectAsync(b.Name), await InspectAsync(a.Name));
            Assert.Equal(Shape(expected, a), Shape(made, b));
            Assert.Equal("running", await viaService.ContainerStateAsync(b.Name, None));
            Assert.True(System.Net.IPAddress.TryParse(await viaService.BridgeAddressAsync(b.Name, None), out _));
        }
        finally
        {
            await _commands.RemoveContainerAsync(a.Name, None);
            await _commands.RemoveContainerAsync(b.Name, None);
        }
    }

    [Fact]
    public async Task Stop_start_commit_names_and_removal_through_the_service_do_what_the_commands_do()
    {
        using var api = new PodmanApi(new PodmanService("podman", Socket));
        var podman = new PodmanClient("podman", api);
        var spec = Spec("life", 203);
        var image = $"localhost/kiln-test-service-{_id}:one";
        var copy = $"localhost/kiln-test-service-{_id}:two";
        try
        {
            await podman.RunAsync(spec, None);
            await podman.StopAsync(spec.Name, None);
            Assert.Equal("exited", await _commands.ContainerStateAsync(spec.Name, None));
            await podman.StopAsync(spec.Name, None); // already stopped: as `podman stop`, no error
            await podman.StartAsync(spec.Name, None);
            Assert.Equal("running", await _commands.ContainerStateAsync(spec.Name, None));
            await podman.StopAsync(spec.Name, None);

            await podman.CommitAsync(spec.Name, image, pause: false, None);
            Assert.True(await _commands.ImageExistsAsync(image, None));
            Assert.Equal("derived", (await InspectImageAsync(image)).GetProperty("Config").GetProperty("Labels")
                .GetProperty(Setup.BaseImage.Label).GetString());
            await podman.TagAsync(image, copy, None);
            Assert.Equal(new[] { image, copy }, (await podman.ImageNamesAsync(image, None))!.Order(StringComparer.Ordinal));
            Assert.Equal(new[] { image, copy }, (await podman.ListImagesAsync($"localhost/kiln-test-service-{_id}", None)).Order(StringComparer.Ordinal));
            Assert.Equal(new Dictionary<string, string> { [spec.Name] = "exited" }, await podman.ListContainersAsync($"kiln.test={_id}", None));

            Assert.True(await podman.RemoveImageAsync(copy, None));
            Assert.False(await _commands.ImageExistsAsync(copy, None));
            Assert.True(await podman.RemoveImageAsync(copy, None)); // gone already
            await podman.RemoveContainerAsync(spec.Name, None);
            Assert.Null(await podman.ContainerStateAsync(spec.Name, None));
            await podman.RemoveContainerAsync(spec.Name, None); // gone already
            Assert.Null(await podman.ImageNamesAsync(copy, None));
            var error = await Assert.ThrowsAsync<PodmanException>(() => podman.StartAsync(spec.Name, None));
            Assert.Contains(spec.Name, error.Message);
        }
        finally
        {
            await _commands.RemoveContainerAsync(spec.Name, None);
            await _commands.RemoveImagesAsync([image, copy], None);
        }
    }

    [Fact]
    public async Task Clients_that_find_no_service_start_one_and_a_gone_service_is_started_again()
    {
        using var first = new PodmanApi(new PodmanService("podman", Socket));
        using var second = new PodmanApi(new PodmanService("podman", Socket));
        Assert.Empty(ServicePids());
        Environment.SetEnvironmentVariable("KILN_TEST_NOT_FOR_THE_SERVICE", _id);

        var answers = await Task.WhenAll(first.ImageExistsAsync(Setup.BaseImage.PodmanName, None),
            second.ImageExistsAsync(Setup.BaseImage.PodmanName, None));

        Assert.Equal(new[] { true, true }, answers);
        var started = Assert.Single(ServicePids());
        // It outlives the command that started it: nothing of that command's own (a temporary working directory,
        // deleted later, made podman fail every container start).
        Assert.Equal("/", new DirectoryInfo($"/proc/{started}/cwd").ResolveLinkTarget(false)!.FullName);
        Assert.DoesNotContain("KILN_TEST_NOT_FOR_THE_SERVICE", File.ReadAllText($"/proc/{started}/environ"));
        StopService();
        Assert.True(await first.ImageExistsAsync(Setup.BaseImage.PodmanName, None));
        Assert.NotEqual(started, Assert.Single(ServicePids()));
    }

    /// <summary>A service that dies at its start is named with what it printed (a stand-in for podman that fails the
    /// way a broken storage configuration makes podman fail).</summary>
    [Fact]
    public async Task A_service_that_cannot_start_is_reported_with_the_end_of_its_log()
    {
        var broken = Path.Combine(_dir, "podman");
        File.WriteAllText(broken, "#!/bin/sh\necho 'Error: database configuration mismatch' >&2\nexit 125\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(broken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var service = new PodmanService(broken, Path.Combine(_dir, "broken", "podman.sock"));

        var e = await Assert.ThrowsAsync<PodmanException>(() => service.EnsureRunningAsync(None));

        Assert.Contains("did not answer", e.Message);
        Assert.Contains("Error: database configuration mismatch", e.Message);
        Assert.Contains(service.LogPath, e.Message);
    }

    public void Dispose()
    {
        StopService();
        Directory.Delete(_dir, recursive: true);
    }

    private ContainerSpec Spec(string name, int address)
    {
        var boot = Path.Combine(_dir, name);
        Directory.CreateDirectory(boot);
        File.WriteAllText(Path.Combine(boot, "boot.sh"), "#!/bin/sh\nexec sleep infinity\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(boot, "boot.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new ContainerSpec($"kiln-test-service-{_id}-{name}", Setup.BaseImage.PodmanName, $"127.0.251.{address}", boot,
            $"host-{name}", new Dictionary<string, string> { ["kiln.test"] = _id, ["kiln.kind"] = "machine" }, [8080]);
    }

    /// <summary>What the container is made of, with its own names, addresses and boot directory put back to
    /// placeholders so that two machines compare.</summary>
    private static string Shape(JsonElement c, ContainerSpec spec)
    {
        var host = c.GetProperty("HostConfig");
        var text = string.Join("\n",
            c.GetProperty("Config").GetProperty("Hostname").GetString(),
            c.GetProperty("Config").GetProperty("Labels").GetRawText(),
            c.GetProperty("Config").GetProperty("Cmd").GetRawText(),
            c.GetProperty("OCIRuntime").GetString(),
            c.GetProperty("State").GetProperty("Status").GetString(),
            host.GetProperty("Init").GetRawText(),
            host.GetProperty("Ulimits").GetRawText(),
            host.GetProperty("PortBindings").GetRawText(),
            c.GetProperty("Mounts").GetRawText(),
            c.GetProperty("ImageName").GetString(),
            string.Join(",", c.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().Select(n => n.Name)));
        return text.Replace(spec.Hostname, "HOST").Replace(spec.Address, "ADDRESS").Replace(spec.BootDirectory, "BOOT");
    }

    private static async Task<JsonElement> InspectAsync(string container) => await InspectJsonAsync(["container", "inspect", container]);

    private static async Task<JsonElement> InspectImageAsync(string image) => await InspectJsonAsync(["image", "inspect", image]);

    private static async Task<JsonElement> InspectJsonAsync(string[] args)
    {
        var r = await ProcessRunner.RunAsync("podman", args, None);
        Assert.True(r.Ok, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement[0].Clone();
    }

    private List<int> ServicePids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsAsciiDigit))
            .Select(p => (Pid: int.Parse(p!), Cmd: ReadCmdline(p!)))
            .Where(p => p.Cmd.Contains("system\0service") && p.Cmd.Contains(Socket)).Select(p => p.Pid).ToList();

    private static string ReadCmdline(string pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    private void StopService()
    {
        foreach (var pid in ServicePids())
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                p.Kill();
                p.WaitForExit(5000);
            }
            catch (ArgumentException) { /* already gone */ }
        }
    }
}
