using System.Text.RegularExpressions;
using Kiln.EndToEnd.Tests.Cli;
using Xunit.Abstractions;

namespace Kiln.EndToEnd.Tests.Reliability.BadInputs;

/// <summary>Runs every case of <see cref="BadInputCases"/> against the real CLI and the served local cloud.</summary>
[Collection(InputsCollection.Name)]
public sealed partial class BadInputTests(ReliabilityCloud cloud, ITestOutputHelper output)
{
    /// <summary>What a stack trace or a leaked exception looks like: "   at Kiln.…", "System.…Exception", "Unhandled".</summary>
    [GeneratedRegex(@"^\s+at \S|\b[A-Z]\w*Exception\b|\bSystem\.\w+\.|Unhandled", RegexOptions.Multiline)]
    private static partial Regex StackTrace();

    [Fact]
    public void The_corpus_has_at_least_50_cases_with_distinct_names() =>
        Assert.True(BadInputCases.All.Length >= 50 && BadInputCases.All.Select(c => c.Name).Distinct().Count() == BadInputCases.All.Length,
            $"{BadInputCases.All.Length} cases");

    [Theory]
    [MemberData(nameof(BadInputCases.Names), MemberType = typeof(BadInputCases))]
    public async Task Each_bad_input_ends_with_exit_2_a_clear_message_no_stack_trace_and_the_cloud_unchanged(string name)
    {
        var bad = BadInputCases.All.Single(c => c.Name == name);
        var dir = Playbooks.Tiny();
        File.Copy(Path.Combine(Playbooks.Fixture, "packer.json"), Path.Combine(dir, "packer.json"));
        foreach (var (path, bytes) in bad.Files ?? new Dictionary<string, Func<byte[]>>())
            await File.WriteAllBytesAsync(Path.Combine(dir, path), bytes());
        var args = bad.Args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal)).ToArray();
        var before = await cloud.SnapshotAsync();

        var result = await KilnProcess.RunAsync(cloud.Home, args, workingDirectory: dir, timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(bad.Expect, result.Stderr);
        Assert.All(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("kiln: ", l));
        Assert.False(StackTrace().IsMatch(result.Output), result.ToString());
        if (bad.Hidden is { } hidden) Assert.DoesNotContain(hidden, result.Output);
        Assert.False(File.Exists(Path.Combine(dir, "pwned")), "a shell ran a metacharacter of the input");
        Assert.Equal(before, await cloud.SnapshotAsync());
        output.WriteLine($"exit 2 in {result.Elapsed.TotalSeconds:0.00} s: {result.Stderr.Trim()}");
    }
}
