using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.History.Tests;

internal static class TestRuns
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 38, 0, TimeSpan.Zero);

    public static RunStart Start(string id, string? family = "hoge-dev-api-base", DateTimeOffset? started = null,
        string kind = "bake", string? job = null) =>
        new(new RunId(id), kind, family, $"{kind} hoge dev api", "alice", "local", started ?? T0, "build-1", 4242, job);

    public static RunId Id(string value) => new(value);
}
