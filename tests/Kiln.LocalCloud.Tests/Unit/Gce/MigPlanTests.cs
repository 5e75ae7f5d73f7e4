using Kiln.LocalCloud.Gce.InstanceGroupManagers;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Tests.Unit.Gce;

/// <summary>A group's next step from its versions, size, update policy and members' health.</summary>
public sealed class MigPlanTests
{
    private const string A = "t/a", B = "t/b";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static GceInstanceGroupManagerRecord Group(int size, GceGroupVersion[] versions, GceUpdatePolicy policy, params (string Name, string Template, string Action)[] members) =>
        new("g", 1, 2, "p", "z", "web", null, "web", size, versions, policy, [], [], "f", "f",
            members.Select((m, i) => new GceManagedInstance(m.Name, "i/" + m.Name, 1, m.Template, null, m.Action, T0.AddMinutes(i))).ToList(), T0);

    private static GceUpdatePolicy Proactive(int surge, int unavailable) => new("PROACTIVE", "REPLACE", new(surge, null), new(unavailable, null), "SUBSTITUTE");

    [Theory]
    [InlineData(4, null, 50, 2, 2)]
    [InlineData(3, 1, null, 2, 1)]
    [InlineData(3, null, 20, 3, 0)]
    [InlineData(1, 5, null, 0, 1)]
    public void A_canary_takes_its_share_and_the_other_version_the_rest(int size, int? fixedShare, int? percent, int expectA, int expectB)
    {
        var targets = MigPlan.Targets(size, [new(null, A, null), new("canary", B, new(fixedShare, percent))]);
        Assert.Equal(expectA, targets.Single(t => t.Version.InstanceTemplate == A).Count);
        Assert.Equal(expectB, targets.Single(t => t.Version.InstanceTemplate == B).Count);
    }

    [Fact]
    public void With_max_unavailable_0_a_new_instance_is_made_first_and_an_old_one_goes_only_once_the_new_one_is_healthy()
    {
        var policy = Proactive(surge: 1, unavailable: 0);
        var start = Group(2, [new(null, B, null)], policy, ("a1", A, "NONE"), ("a2", A, "NONE"));
        var step = MigPlan.Next(start, m => m.Action == "NONE");
        Assert.Equal([B], step.Create.Select(v => v.InstanceTemplate));
        Assert.Empty(step.Delete);

        var verifying = Group(2, [new(null, B, null)], policy, ("a1", A, "NONE"), ("a2", A, "NONE"), ("b1", B, "VERIFYING"));
        Assert.True(MigPlan.Next(verifying, m => m.Action == "NONE").IsEmpty);

        var healthy = Group(2, [new(null, B, null)], policy, ("a1", A, "NONE"), ("a2", A, "NONE"), ("b1", B, "NONE"));
        step = MigPlan.Next(healthy, m => m.Action == "NONE");
        Assert.Equal(["a1"], step.Delete);
        Assert.Empty(step.Create);
    }

    [Fact]
    public void With_max_surge_0_an_old_instance_goes_first_within_max_unavailable()
    {
        var step = MigPlan.Next(Group(3, [new(null, B, null)], Proactive(0, 1), ("a1", A, "NONE"), ("a2", A, "NONE"), ("a3", A, "NONE")), m => m.Action == "NONE");
        Assert.Equal(["a1"], step.Delete);
        Assert.Empty(step.Create);
    }

    [Fact]
    public void An_opportunistic_update_keeps_outdated_instances_and_a_resize_down_deletes_at_once()
    {
        var keep = MigPlan.Next(Group(2, [new(null, B, null)], GceUpdatePolicy.Default, ("a1", A, "NONE"), ("a2", A, "NONE")), _ => true);
        Assert.True(keep.IsEmpty);
        var resize = MigPlan.Next(Group(1, [new(null, A, null)], Proactive(1, 0), ("a1", A, "NONE"), ("a2", A, "NONE")), _ => true);
        Assert.Equal(["a2"], resize.Delete);
    }

    [Fact]
    public void A_group_being_deleted_deletes_every_member_and_makes_none()
    {
        var g = Group(2, [new(null, A, null)], Proactive(1, 0), ("a1", A, "NONE"), ("a2", A, "DELETING")) with { Deleting = true };
        var step = MigPlan.Next(g, _ => true);
        Assert.Equal(["a1"], step.Delete);
        Assert.Empty(step.Create);
    }
}
