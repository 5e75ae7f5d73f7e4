using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.EndToEnd.Tests.Cli;
using Xunit.Abstractions;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>Bakes against a local cloud that throttles, answers NotFound for new ids, fails an action, and starts
/// sshd late: every bake that can succeed does, every one that cannot fails cleanly, and nothing temporary stays.</summary>
[Collection(FaultsCollection.Name)]
public sealed partial class FaultedBakeTests(ReliabilityCloud cloud, ITestOutputHelper output)
{
    [GeneratedRegex(@"AWS retry: (?<code>[\w.]+), attempt (?<attempt>\d+) \((?<pipeline>[\w-]+)\) in (?<delay>[\d.]+) s")]
    private static partial Regex RetryLine();

    /// <summary>Two lanes of five bakes in a row: a bake under these faults spends much of its time waiting out backoffs
    /// and 2 s consistency windows, which the other lane's bake fills (171 s one after another, 83 s so).</summary>
    [Fact]
    public async Task Ten_bakes_in_two_lanes_succeed_with_20_percent_throttling_and_2_s_eventual_consistency_and_leave_nothing_temporary()
    {
        await cloud.ServeAsync("throttle=0.2;consistency-ms=2000");
        try
        {
            var tiny = Playbooks.Tiny();
            var watch = Stopwatch.StartNew();
            var retries = new ConcurrentQueue<Match>();
            await Task.WhenAll(new[] { 1, 2 }.Select(lane => Task.Run(async () =>
            {
                for (var i = lane; i <= 10; i += 2)
                {
                    var bake = await cloud.KilnAsync("bake", Playbooks.NewAccount(), "dev", "api", "--dir", tiny, "--json");
                    Assert.True(bake.ExitCode == 0, $"bake {i}: {bake}");
                    using var result = JsonDocument.Parse(bake.Stdout);
                    Assert.Equal("succeeded", result.RootElement.GetProperty("outcome").GetString());
                    var lines = bake.Stderr.Split('\n');
                    // Retries happen inside the steps: the bake itself ran its plan once.
                    Assert.Single(lines, l => l == "==> check inputs");
                    foreach (var m in lines.Select(l => RetryLine().Match(l)).Where(m => m.Success)) retries.Enqueue(m);
                    output.WriteLine($"bake {i}: {result.RootElement.GetProperty("seconds").GetDouble():0.0} s, {lines.Count(l => l.Contains("AWS retry: "))} retries");
                }
            })));
            var elapsed = watch.Elapsed;
            Assert.Empty(await cloud.LeftoversAsync());

            var codes = retries.GroupBy(m => m.Groups["code"].Value).ToDictionary(g => g.Key, g => g.Count());
            Assert.Contains("RequestLimitExceeded", codes.Keys);
            Assert.Contains(codes.Keys, c => c.EndsWith(".NotFound", StringComparison.Ordinal));
            // Backoff with jitter: first retries after throttling do not all wait the same.
            var firstDelays = retries.Where(m => m.Groups["code"].Value == "RequestLimitExceeded" && m.Groups["attempt"].Value == "1")
                .Select(m => double.Parse(m.Groups["delay"].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.True(firstDelays.Count < 3 || firstDelays.Distinct().Count() > 1, $"no jitter: {string.Join(", ", firstDelays)}");
            var faults = cloud.ServeLog.Count(l => l.Contains("local-cloud: fault:", StringComparison.Ordinal));
            output.WriteLine($"10 bakes in {elapsed.TotalSeconds:0} s (two at a time); {faults} faults injected; " +
                $"{retries.Count} retries: {string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        }
        finally { await cloud.ServeAsync(null); }
    }

    [Fact]
    public async Task A_failing_CreateImage_fails_its_bake_cleanly_and_a_late_sshd_only_slows_the_next_one()
    {
        await cloud.ServeAsync("fail=CreateImage:once;sshd-delay-ms=3000");
        try
        {
            var tiny = Playbooks.Tiny();
            var failed = await cloud.KilnAsync("bake", Playbooks.NewAccount(), "dev", "api", "--dir", tiny);
            Assert.True(failed.ExitCode == 1, failed.ToString());
            Assert.Contains("InjectedFault", failed.Stdout);
            Assert.DoesNotContain("   at ", failed.Output);
            var run = RunOf(failed.Stdout);
            var record = await Runs.ShowAsync(cloud, run);
            Assert.Equal("failed", Runs.Outcome(record));
            Assert.Contains("CreateImage", Runs.Error(record));
            Assert.Empty(await cloud.LeftoversAsync(run));

            var next = await cloud.KilnAsync("bake", Playbooks.NewAccount(), "dev", "api", "--dir", tiny);
            Assert.True(next.ExitCode == 0, next.ToString());
            var answered = Regex.Match(next.Stdout, @"sshd answered after (\d+) ms");
            Assert.True(answered.Success, next.Stdout);
            // sshd sleeps 3 s after the container starts; the instance is "running" about a second before that.
            Assert.InRange(int.Parse(answered.Groups[1].Value, CultureInfo.InvariantCulture), 1000, 60_000);
            Assert.Empty(await cloud.LeftoversAsync());
            output.WriteLine($"failed bake {failed.Elapsed.TotalSeconds:0.0} s; bake with late sshd {next.Elapsed.TotalSeconds:0.0} s ({answered.Value})");
        }
        finally { await cloud.ServeAsync(null); }
    }

    [Fact]
    public async Task An_instance_that_dies_during_Ansible_fails_the_bake_cleanly_with_the_cause_in_the_run_record()
    {
        await cloud.ServeAsync("die-during=provision");
        try
        {
            var tree = Playbooks.Tiny("""
                    - name: a long task, so the instance dies in the middle of it
                      command: sleep 60
                      tags: [dev-api]
                """);
            var bake = await KilnProcess.RunAsync(cloud.Home, ["bake", Playbooks.NewAccount(), "dev", "api", "--dir", tree], timeout: TimeSpan.FromMinutes(3));
            // The fault's own account of what it did, or why it did nothing, beside the bake's output.
            Assert.True(bake.ExitCode == 1, bake + "\n--- the local cloud's fault lines\n"
                + string.Join("\n", cloud.ServeLog.Where(l => l.Contains("fault", StringComparison.Ordinal))));
            var run = RunOf(bake.Stdout);
            var record = await Runs.ShowAsync(cloud, run);
            Assert.Equal("failed", Runs.Outcome(record));
            var error = Runs.Error(record)!;
            Assert.Contains("died during provisioning", error);
            Assert.Matches("is (shutting-down|terminated)", error);
            Assert.Contains("Server.InternalError", error);
            var provision = record.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "provision");
            Assert.Equal("failed", provision.GetProperty("outcome").GetString());
            Assert.Empty(await cloud.LeftoversAsync(run));
            Assert.Empty(Runs.ProcessesOf(run));
            output.WriteLine($"bake failed after {bake.Elapsed.TotalSeconds:0.0} s: {error}");
        }
        finally { await cloud.ServeAsync(null); }
    }

    private static string RunOf(string stdout) => Regex.Match(stdout, @"\(run (kiln-[\w-]+)").Groups[1].Value is { Length: > 0 } run
        ? run : throw new InvalidOperationException($"no run id in:\n{stdout}");
}
