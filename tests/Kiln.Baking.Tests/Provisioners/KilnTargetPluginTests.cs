using System.Diagnostics;
using Kiln.Baking.Processes;
using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>The vars plugin an early-started play waits in (kiln_target.py), with the real ansible-playbook and a
/// local connection: no instance needed.</summary>
public sealed class KilnTargetPluginTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-target-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<Dictionary<string, string>> PrepareAsync(int kilnPid)
    {
        var plugins = Directory.CreateDirectory(Path.Combine(_dir, "vars")).FullName;
        await EarlyAnsible.WritePluginAsync(plugins, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_dir, "inventory.yml"), $$"""
            all:
              hosts:
                default: {ansible_host: {{EarlyAnsible.PendingAddress}}, ansible_connection: local}
            """);
        await File.WriteAllTextAsync(Path.Combine(_dir, "play.yml"), """
            - hosts: all
              gather_facts: false
              tasks:
                - debug: {msg: "host={{ ansible_host }} port={{ ansible_port }}"}
            """);
        return new Dictionary<string, string>
        {
            ["ANSIBLE_VARS_PLUGINS"] = plugins,
            ["KILN_ANSIBLE_TARGET"] = Path.Combine(_dir, "target.json"),
            ["KILN_ANSIBLE_INVENTORY_DIR"] = _dir,
            ["KILN_PROCESS"] = kilnPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ANSIBLE_PYTHON_INTERPRETER"] = "/usr/bin/python3",
        };
    }

    /// <summary>Starts the play and checks that it is waiting 3 s later, with no task run.</summary>
    private async Task<Task<ProcessResult>> WaitingPlayAsync(Dictionary<string, string> env, List<string> lines, CancellationToken ct)
    {
        var play = ChildProcess.RunAsync(new ProcessSpec("ansible-playbook", ["-i", Path.Combine(_dir, "inventory.yml"), Path.Combine(_dir, "play.yml")])
            { Environment = env }, (_, l) => { lock (lines) lines.Add(l); }, ct);
        await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.False(play.IsCompleted, "the play did not wait for the target");
        lock (lines) Assert.DoesNotContain(lines, l => l.Contains("host=", StringComparison.Ordinal));
        return play;
    }

    [Fact]
    public async Task The_play_waits_for_the_target_file_then_reaches_the_address_in_it()
    {
        var env = await PrepareAsync(Environment.ProcessId);
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var play = await WaitingPlayAsync(env, lines, cts.Token);
        // Written as Kiln writes it, whole or not at all (a rename): the plugin may look at any moment.
        await File.WriteAllTextAsync(env["KILN_ANSIBLE_TARGET"] + ".tmp", """{"host": "default", "host_vars": {"ansible_host": "192.0.2.7", "ansible_port": 2222}, "all_vars": {}}""");
        File.Move(env["KILN_ANSIBLE_TARGET"] + ".tmp", env["KILN_ANSIBLE_TARGET"]);
        var result = await play;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(lines, l => l.Contains("host=192.0.2.7 port=2222", StringComparison.Ordinal));
        Assert.True(File.Exists(env["KILN_ANSIBLE_TARGET"] + ".read"));
    }

    [Fact]
    public async Task A_waiting_play_ends_when_the_Kiln_process_dies()
    {
        using var kiln = Process.Start(new ProcessStartInfo("sleep", "300") { RedirectStandardInput = true })!;
        var env = await PrepareAsync(kiln.Id);
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var play = await WaitingPlayAsync(env, lines, cts.Token);
        kiln.Kill();
        var watch = Stopwatch.StartNew();
        var result = await play;

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the play took {watch.Elapsed.TotalSeconds:0.0} s to end");
        Assert.Contains(lines, l => l.Contains("Kiln stopped before the instance was reachable", StringComparison.Ordinal));
        Assert.False(File.Exists(env["KILN_ANSIBLE_TARGET"] + ".read"));
    }
}
