using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Baking.Tests.Retention;

public class GcPlannerTests
{
    private static readonly RunId Dead = new("kiln-20260101-000000-dead"), Live = new("kiln-20260101-000000-live");
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    private static RunSummary Summary(RunId id, int pid = 4242, string host = "here") =>
        new(id, "bake", "hoge-dev-api-base", RunOutcome.Running, T0, null, null, null, "local", "root", host, pid, null, "");

    private static RunResource Res(ResourceKind k, string id, CleanupState s = CleanupState.Live) => new(k, id, s, T0);

    [Fact]
    public void Live_ledger_entries_of_a_dead_run_are_removed_instances_first_and_groups_last()
    {
        var verdict = new RunVerdict(Summary(Dead), true, "its process 4242 on here is gone");
        var plan = GcPlanner.Plan([(verdict, [
            Res(ResourceKind.SecurityGroup, "sg-1"), Res(ResourceKind.KeyPair, Dead.Value), Res(ResourceKind.Image, "ami-half"),
            Res(ResourceKind.Instance, "i-1"), Res(ResourceKind.Image, "ami-kept", CleanupState.Kept), Res(ResourceKind.KeyPair, "k0", CleanupState.Cleaned),
        ])], [], new HashSet<RunId>());
        Assert.Equal(["i-1", "ami-half", Dead.Value, "sg-1"], plan.Select(a => a.Id));
        Assert.All(plan, a => Assert.Equal("ledger", a.Found));
    }

    [Fact]
    public void Snapshots_of_a_kept_image_are_not_leftovers_but_those_of_a_half_made_one_are()
    {
        var verdict = new RunVerdict(Summary(Dead), true, "gone");
        var kept = GcPlanner.Plan([(verdict, [Res(ResourceKind.Image, "ami-1", CleanupState.Kept), Res(ResourceKind.Snapshot, "snap-1")])],
            [], new HashSet<RunId>());
        Assert.Empty(kept);
        var half = GcPlanner.Plan([(verdict, [Res(ResourceKind.Image, "ami-1"), Res(ResourceKind.Snapshot, "snap-1")])],
            [], new HashSet<RunId>());
        Assert.Equal(["ami-1", "snap-1"], half.Select(a => a.Id));
    }

    [Fact]
    public void The_tag_sweep_takes_what_the_ledger_missed_and_spares_live_runs()
    {
        var tagged = new List<TaggedResource>
        {
            new(ResourceKind.Instance, "i-dead", Dead), new(ResourceKind.Instance, "i-live", Live),
            new(ResourceKind.KeyPair, "k-live", Live), new(ResourceKind.KeyPair, "k-orphan", null),
            new(ResourceKind.SecurityGroup, "sg-orphan", null), new(ResourceKind.Image, "ami-live", Live),
        };
        var plan = GcPlanner.Plan([], tagged, new HashSet<RunId> { Live });
        Assert.Equal(["i-dead", "k-orphan", "sg-orphan"], plan.Select(a => a.Id));
        Assert.All(plan, a => Assert.Equal("tag", a.Found));
    }

    [Fact]
    public void What_a_run_of_another_history_tagged_is_left_alone()
    {
        var foreign = new RunId("kiln-20260101-000000-f0f0");
        var tagged = new List<TaggedResource>
        {
            new(ResourceKind.Instance, "i-foreign", foreign), new(ResourceKind.KeyPair, foreign.Value, foreign),
            new(ResourceKind.SecurityGroup, "sg-foreign", foreign), new(ResourceKind.Instance, "i-dead", Dead),
        };
        var plan = GcPlanner.Plan([], tagged, new HashSet<RunId>(), new HashSet<RunId> { foreign });
        Assert.Equal(["i-dead"], plan.Select(a => a.Id));
    }

    [Theory]
    [InlineData("kiln-20261205-200123-c957", "2026-12-05T20:01:23Z")]
    [InlineData("kiln-2026", null)]
    [InlineData("packer-20261205-200123", null)]
    [InlineData("kiln-20261345-200123-c957", null)]
    public void A_runs_start_is_read_from_its_id(string id, string? started) =>
        Assert.Equal(started is null ? null : DateTimeOffset.Parse(started, System.Globalization.CultureInfo.InvariantCulture), new RunId(id).Started);

    [Fact]
    public void A_resource_in_both_ledger_and_tags_is_planned_once()
    {
        var verdict = new RunVerdict(Summary(Dead), true, "gone");
        var plan = GcPlanner.Plan([(verdict, [Res(ResourceKind.Instance, "i-1")])],
            [new(ResourceKind.Instance, "i-1", Dead)], new HashSet<RunId>());
        Assert.Equal("ledger", Assert.Single(plan).Found);
    }

    private sealed class Table(Dictionary<int, DateTimeOffset> processes) : IProcessTable
    {
        public DateTimeOffset? StartTimeOf(int pid) => processes.TryGetValue(pid, out var t) ? t : null;
    }

    public static TheoryData<string, int, bool, string> LivenessCases => new()
    {
        { "here", 4242, false, "still running" },
        { "here", 1, true, "is gone" },
        { "here", 7, true, "now belongs to a process started" },
        { "elsewhere", 1, false, "run `kiln gc` there" },
    };

    [Theory, MemberData(nameof(LivenessCases))]
    public void Liveness_of_an_unfinished_run(string host, int pid, bool dead, string reason)
    {
        var table = new Table(new() { [4242] = T0.AddSeconds(-3), [7] = T0.AddMinutes(10) });
        var verdict = RunLiveness.Judge(Summary(Dead, pid, host), "here", table);
        Assert.Equal(dead, verdict.Dead);
        Assert.Contains(reason, verdict.Reason);
    }

    [Fact]
    public void Proc_table_sees_this_process_and_not_a_free_pid()
    {
        var table = new ProcProcessTable();
        var me = table.StartTimeOf(Environment.ProcessId);
        Assert.NotNull(me);
        Assert.InRange(me.Value, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(table.StartTimeOf(int.MaxValue - 1));
    }
}
