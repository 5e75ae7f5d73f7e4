using System.Diagnostics;
using Kiln.Baking.Processes;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.History;

namespace Kiln.Baking.Tests.Integration;

/// <summary>Helpers of the integration tests: specs in the article's shape, running a bake with the real run log,
/// and asking the cloud what a run left behind.</summary>
internal static class Bakes
{
    public static readonly string[] Secrets = ["s3cr3t-do-not-log", "tok-123456", "kiln-fixture-vault-password"];

    /// <summary>A family of its own per test, so runs sharing a KILN_HOME never see each other's images.</summary>
    public static Family NewFamily() => Family.For("t" + Guid.NewGuid().ToString("N")[..7], "dev", "api");

    public static AnsibleProvisionerSpec Ansible(string dir, AnsibleStrategy strategy, string playbook = "dev.yml") => new()
    {
        PlaybookFile = Path.Combine(dir, "playbooks", playbook),
        Groups = ["dev-api"],
        ExtraArguments = ["--tags", "dev-api", "--extra-vars", "group=dev-api", "--extra-vars", "category=api",
            "--vault-password-file", Path.Combine(dir, "vault.txt")],
        Strategy = strategy,
    };

    public static BakeSpec Spec(Family family, SourceSelector source, IReadOnlyList<ProvisionerSpec> provisioners,
        int minutesAhead = 0, int? keep = 3, string? lineage = null) => new()
    {
        Family = family,
        ImageName = family.ImageNameAt(DateTimeOffset.UtcNow.AddMinutes(minutesAhead)),
        Source = source,
        Cloud = new CloudSpec(CloudKind.Local),
        Provisioners = provisioners,
        Keep = keep,
        LineageDirectory = lineage,
        RootVolume = new RootVolume(),
    };

    public sealed record Outcome(BakeResult Result, IReadOnlyList<LogLine> Log, RunDetails Record);

    public static async Task<Outcome> RunAsync(LocalCloudFixture cloud, BakeSpec spec, CancellationToken ct,
        Action<string, string>? onLine = null, RunId? runId = null)
    {
        var run = runId ?? RunId.New(TimeProvider.System);
        var engine = new BakeEngine(cloud.Cloud, cloud.Store, cloud.Paths, TimeProvider.System, new BakeEngineOptions { ColorOutput = false });
        BakeResult result;
        await using (var writer = new RunLogWriter(cloud.Store, run, null, TimeProvider.System))
        {
            var log = new TeeLog(writer, onLine);
            result = await engine.RunAsync(new BakeRequest(run, spec, $"test {spec.ImageName}"), log, null, ct);
        }
        var lines = await cloud.Store.GetLogAsync(run, 0, 10_000, CancellationToken.None);
        var record = await cloud.Store.GetRunAsync(run, CancellationToken.None) ?? throw new InvalidOperationException("no run record");
        return new Outcome(result, lines, record);
    }

    /// <summary>Temporary resources of a run that still exist on the cloud, by its run-id tag.</summary>
    public static async Task<IReadOnlyList<string>> LeftoversAsync(ICloud cloud, RunId run, string imageName)
    {
        var left = new List<string>();
        foreach (var i in await cloud.FindInstancesByTagAsync(KilnTags.RunId, run.Value, CancellationToken.None))
            if (i.State != InstanceState.Terminated) left.Add($"instance {i.Id} {i.State}");
        foreach (var r in await cloud.FindTemporaryOfRunAsync(run, CancellationToken.None)) left.Add($"{r.Kind} {r.Id}");
        foreach (var r in await cloud.FindTemporaryAsync(CancellationToken.None))
            if (r.Run == run && r.Kind is not (ResourceKind.Instance or ResourceKind.Image)) left.Add($"{r.Kind} {r.Id}");
        foreach (var i in await cloud.FindImagesAsync(imageName, CancellationToken.None))
            if (i.State != ImageState.Deregistered) left.Add($"image {i.Id} {i.Name} {i.State}");
        return left;
    }

    /// <summary>Removes a test family's images and snapshots: the local cloud keeps each as a podman image on a
    /// machine others share.</summary>
    public static async Task DropFamilyAsync(ICloud cloud, Family family)
    {
        foreach (var image in await cloud.FindImagesAsync(family.NameFilter, CancellationToken.None))
            if (family.StampOf(image.Name) is not null && image.State != ImageState.Deregistered)
                await ImageRemoval.RemoveAsync(cloud, image.Id, image.Snapshots, CancellationToken.None);
    }

    /// <summary>ansible-playbook processes of a run still alive (their inventory lives in the run's directory).</summary>
    public static IReadOnlyList<int> AnsibleProcessesOf(RunId run) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit))
            .Select(n => (Pid: int.Parse(n!), Cmd: ReadCmdline(n!)))
            .Where(p => p.Cmd.Contains("ansible", StringComparison.Ordinal) && p.Cmd.Contains(run.Value, StringComparison.Ordinal))
            .Select(p => p.Pid).ToList();

    private static string ReadCmdline(string pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    public static async Task GitCommitAsync(string dir)
    {
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.name=kiln", "-c", "user.email=kiln@localhost", "commit", "-qm", "fixture"] })
        {
            var result = await ChildProcess.RunAsync(new ProcessSpec("git", ["-C", dir, .. args]), (_, _) => { }, CancellationToken.None);
            Assert.Equal(0, result.ExitCode);
        }
    }

    public static async Task<string> GitHeadAsync(string dir)
    {
        var lines = new List<string>();
        await ChildProcess.RunAsync(new ProcessSpec("git", ["-C", dir, "rev-parse", "HEAD"]), (s, l) => { if (s == "stdout") lines.Add(l); }, CancellationToken.None);
        return lines.Single();
    }

    private sealed class TeeLog(IRunLog inner, Action<string, string>? onLine) : IRunLog
    {
        public void AddSecret(string secret) => inner.AddSecret(secret);
        public void Write(string stream, string text) { inner.Write(stream, text); onLine?.Invoke(stream, text); }
    }
}
