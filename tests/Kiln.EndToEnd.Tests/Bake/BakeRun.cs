using System.Text.Json;
using Kiln.EndToEnd.Tests.Cli;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>One `kiln bake ACCOUNT dev api --dir DIR --json` and its JSON answer (null when kiln printed none,
/// as for bad input).</summary>
public sealed record BakeRun(KilnResult Cli, JsonElement? Json)
{
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(4);

    /// <summary>An account no other test uses, so each test has its own families.</summary>
    public static string NewAccount() => "e" + Guid.NewGuid().ToString("N")[..7];

    public static Task<BakeRun> RunAsync(KilnCli kiln, string account, string dir, params string[] extra) =>
        RunAsync(kiln, account, ["--dir", dir, "--json", .. extra]);

    /// <summary>`kiln bake ACCOUNT dev api` with these flags (they choose the tree and say --json).</summary>
    public static async Task<BakeRun> RunAsync(KilnCli kiln, string account, IReadOnlyList<string> flags)
    {
        var cli = await kiln.RunAsync(["bake", account, "dev", "api", .. flags], null, Budget);
        return new BakeRun(cli, Parse(cli.Stdout));
    }

    private static JsonElement? Parse(string stdout)
    {
        var text = stdout.Trim();
        if (!text.StartsWith('{')) return null;
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public JsonElement Result => Json ?? throw new Xunit.Sdk.XunitException($"kiln printed no JSON: {Cli}");
    public string Run => Result.GetProperty("run").GetString()!;
    public string Image => Result.GetProperty("image").GetString() ?? throw new Xunit.Sdk.XunitException($"no image: {Cli}");
    public string ImageName => Result.GetProperty("imageName").GetString()!;
    public string? Source => Result.GetProperty("source").GetString();
    public string Outcome => Result.GetProperty("outcome").GetString()!;
    public IReadOnlyList<string> Pruned => [.. Result.GetProperty("pruned").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];

    /// <summary>Asserts exit 0 and a succeeded outcome, showing everything kiln printed when not.</summary>
    public BakeRun Succeeded()
    {
        Assert.True(Cli.ExitCode == 0 && Outcome == "succeeded", Cli.ToString());
        return this;
    }
}
