using Amazon.EC2.Model;
using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.LocalCloud.Setup;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>
/// A KILN_HOME of its own with an initialized local cloud, served by `kiln local-cloud serve` in a process of its own
/// (so `kill -9` of a bake kills Kiln only, as on AWS, where the cloud outlives its client). The serve can be
/// restarted with faults. The test's own view of the cloud goes through the AWS SDK (with Kiln's retry policies,
/// so a throttling serve does not fail the test's questions).
/// </summary>
public sealed class ReliabilityCloud : IAsyncLifetime
{
    public string Home { get; } = Path.Combine(Path.GetTempPath(), "kiln-rel-" + Guid.NewGuid().ToString("N")[..8]);
    public AwsCloud Cloud { get; private set; } = null!;
    public string? Faults { get; private set; }
    private KilnProcess? _serve;
    private LocalCloudLayout Layout => new(new KilnPaths(Home));

    public async Task InitializeAsync()
    {
        Playbooks.Hold();
        Directory.CreateDirectory(Home);
        var init = await KilnProcess.RunAsync(Home, ["local-cloud", "init"], timeout: TimeSpan.FromMinutes(10));
        Assert.True(init.ExitCode == 0, init.ToString());
        await OwnBaseImageAsync();
        await ServeAsync(null);
    }

    /// <summary>Every home's base AMI is a tag of the machine's one base image (one podman image id). Anything on the
    /// machine that runs `podman rmi -f` on a name of that image (another home's clean-up listing names by
    /// `--filter reference=…` gets every name of the image) removes all its tags and the containers running from it,
    /// this home's too, in the middle of a test (seen on the shared development machine: instances vanished
    /// mid-Ansible). This home's base AMI is therefore moved to an independent copy (export and import: its own
    /// image id and layer, about 10 s).</summary>
    private async Task OwnBaseImageAsync()
    {
        var layout = Layout;
        var tag = await Sh($"podman images --format '{{{{.Repository}}}}:{{{{.Tag}}}}' --filter reference={layout.ImageRepository} | grep '^{layout.ImageRepository}:ami-' | head -1");
        Assert.False(string.IsNullOrWhiteSpace(tag), "the base image of the new home has no podman tag");
        var copy = $"relcopy-{layout.HomeHash}";
        await Sh($"podman create --name {copy} {tag.Trim()} true >/dev/null && podman export {copy} | podman import -q - {tag.Trim()} >/dev/null; podman rm -f {copy} >/dev/null");
        var mine = (await Sh($"podman image inspect --format '{{{{.Id}}}}' {tag.Trim()}")).Trim();
        var shared = (await Sh("podman image inspect --format '{{.Id}}' localhost/kiln-base:debian-12 2>/dev/null")).Trim();
        Assert.True(mine.Length > 0 && mine != shared, $"the base AMI is not a copy of its own: {mine} (shared {shared})");
    }

    /// <summary>(Re)starts the serve, with <paramref name="faults"/> in KILN_FAULTS' syntax, or none.</summary>
    public async Task ServeAsync(string? faults)
    {
        await StopServeAsync();
        Cloud?.Dispose();
        _gce?.Dispose();
        _gce = null;
        _serve = KilnProcess.Start(Home, faults is null ? ["local-cloud", "serve"] : ["local-cloud", "serve", "--faults", faults]);
        await _serve.WaitForLineAsync(l => l.StartsWith("local cloud listening on", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        Faults = faults;
        var endpoint = EndpointFile.Read(Layout)!.Endpoint;
        var credentials = CredentialsFile.Read(Layout)!;
        Cloud = AwsCloudFactory.Create(new CloudSpec(CloudKind.Local, credentials.Region), endpoint,
            new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey));
    }

    /// <summary>The serve's request log and fault lines so far (`local-cloud: fault: …`).</summary>
    public IReadOnlyList<string> ServeLog => _serve?.Lines ?? [];

    /// <summary>What went wrong inside the local cloud (podman failures, bugs), for failure messages.</summary>
    public string Trouble => string.Join("\n", ServeLog.Where(l => l.Contains("could not", StringComparison.Ordinal)
        || l.Contains("failed", StringComparison.Ordinal) || l.Contains(" 500 ", StringComparison.Ordinal)).TakeLast(20));

    /// <summary>For a failure message: the local cloud's trouble and every kiln container on the machine (any home)
    /// with its published address, since homes share podman and the loopback range.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var start = new System.Diagnostics.ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ps", "-a", "--filter", "name=kiln-", "--format", "{{.Names}} {{.Status}} {{.Ports}} {{.Labels}}" }) start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        var containers = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return $"--- local cloud (home hash {Layout.HomeHash})\n{Trouble}\n--- containers\n{containers}";
    }

    public LocalCloudCredentials Credentials => CredentialsFile.Read(Layout)!;
    public Uri Endpoint => EndpointFile.Read(Layout)!.Endpoint;

    /// <summary>The same serve's Compute Engine API, read with a plain HttpClient.</summary>
    public EndToEnd.Tests.Cloud.GceProbe Gce => _gce ??= new(new Uri(Endpoint, "compute/v1/"), "kiln-local", Home);
    private EndToEnd.Tests.Cloud.GceProbe? _gce;

    public Task<KilnResult> KilnAsync(params string[] args) => KilnProcess.RunAsync(Home, args);

    public Task<KilnResult> KilnAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        KilnProcess.RunAsync(Home, args, env);

    /// <summary>Temporary resources left on the cloud (of one run, or of any): instances not terminated, key pairs
    /// and groups tagged `kiln:temporary=true`, and half-made images (still tagged temporary, or not available).</summary>
    public async Task<IReadOnlyList<string>> LeftoversAsync(string? run = null)
    {
        var ct = CancellationToken.None;
        var left = new List<string>();
        var (key, value) = run is null ? (KilnTags.Temporary, "true") : (KilnTags.RunId, run);
        foreach (var i in await Cloud.FindInstancesByTagAsync(key, value, ct))
            if (i.State is not (Core.Cloud.InstanceState.Terminated or Core.Cloud.InstanceState.ShuttingDown)) left.Add($"instance {i.Id} {i.State}");
        foreach (var k in await Cloud.FindKeyPairsByTagAsync(key, value, ct)) left.Add($"key pair {k}");
        foreach (var g in await Cloud.FindSecurityGroupsByTagAsync(key, value, ct)) left.Add($"security group {g}");
        foreach (var i in await Cloud.FindImagesByTagAsync(key, value, ct))
            if (i.State != ImageState.Deregistered && (i.State != ImageState.Available || i.Tags.GetValueOrDefault(KilnTags.Temporary) == "true"))
                left.Add($"half-made image {i.Id} {i.Name} {i.State}");
        return left;
    }

    /// <summary>Everything the cloud holds (images, instances, key pairs, groups with their tags and states), as
    /// sorted lines: two snapshots are equal when nothing was created, changed or removed.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        var ct = CancellationToken.None;
        var lines = new List<string>();
        var images = await Cloud.Ec2CallAsync((ec2, c) => ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }, c), ct);
        lines.AddRange((images.Images ?? []).Select(i => $"image {i.ImageId} {i.Name} {i.State} {Tags(i.Tags)}"));
        var instances = await Cloud.Ec2CallAsync((ec2, c) => ec2.DescribeInstancesAsync(new DescribeInstancesRequest(), c), ct);
        lines.AddRange((instances.Reservations ?? []).SelectMany(r => r.Instances ?? [])
            .Select(i => $"instance {i.InstanceId} {i.State?.Name} {Tags(i.Tags)}"));
        var keys = await Cloud.Ec2CallAsync((ec2, c) => ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest(), c), ct);
        lines.AddRange((keys.KeyPairs ?? []).Select(k => $"key pair {k.KeyName} {Tags(k.Tags)}"));
        var groups = await Cloud.Ec2CallAsync((ec2, c) => ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest(), c), ct);
        lines.AddRange((groups.SecurityGroups ?? []).Select(g => $"group {g.GroupId} {g.GroupName} {Tags(g.Tags)}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Tags(List<Amazon.EC2.Model.Tag>? tags) =>
        string.Join(',', (tags ?? []).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

    private async Task StopServeAsync()
    {
        if (_serve is null) return;
        _serve.Signal(15);
        try { await _serve.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (TimeoutException) { /* WaitAsync killed it */ }
        _serve.Dispose();
        _serve = null;
    }

    public async Task DisposeAsync()
    {
        await StopServeAsync();
        Cloud?.Dispose();
        // Only what this home made: its containers carry its label, its images live in its repositories.
        await LocalCloudRemoval.RemoveAsync(new KilnPaths(Home), new PodmanClient(), CancellationToken.None);
        try { Directory.Delete(Home, recursive: true); }
        catch (IOException) { /* a container's bind mount may linger a moment; /tmp is cleaned anyway */ }
        Playbooks.Release();
    }

    private static async Task<string> Sh(string script)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var p = System.Diagnostics.Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return await stdout;
    }
}

/// <summary>The reliability tests run in three homes of their own, one after another within each: their "nothing
/// temporary is left anywhere" checks need a cloud no other test is baking on, and the faulted tests restart their
/// home's serve with faults. Apart, the three overlap (the kill matrix alone is a quarter of the suite's bake time).</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityCloud>
{
    public const string Name = "reliability: kill -9";
}

/// <summary>The tests that restart their serve with faults, and two bakes at once.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<ReliabilityCloud>
{
    public const string Name = "reliability: faults";
}

/// <summary>The Compute Engine lane, bad input, secrets and the endpoint's own security.</summary>
[CollectionDefinition(Name)]
public sealed class InputsCollection : ICollectionFixture<ReliabilityCloud>
{
    public const string Name = "reliability: inputs, secrets, Compute Engine";
}
