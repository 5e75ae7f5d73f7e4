using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>ansible-core 2.14's `--list-tasks` / `--list-tags` output, read back.</summary>
public class TaskListingTests
{
    private static readonly string[] Listed =
    [
        "", "playbook: playbooks/dev.yml", "",
        "  play #1 (all): all\tTAGS: [dev-api,dev-admin]",
        "    tasks:",
        "      common : application groups\tTAGS: [dev-admin, dev-api]",
        "      nginx : nginx.conf\tTAGS: [dev-admin, dev-api]",
        "",
        "  play #2 (web): web\tTAGS: []",
        "    tasks:",
        "      just one\tTAGS: [web]",
    ];

    private static readonly string[] Nothing =
        ["", "playbook: playbooks/dev.yml", "", "  play #1 (all): all\tTAGS: [dev-admin,dev-api]", "    tasks:", ""];

    [Fact]
    public void Tasks_are_counted_over_every_play() => Assert.Equal(3, TaskListing.CountTasks(Listed));

    [Fact]
    public void A_selection_of_nothing_counts_zero() => Assert.Equal(0, TaskListing.CountTasks(Nothing));

    [Fact]
    public void Tags_are_those_of_plays_and_tasks_sorted() =>
        Assert.Equal(["dev-admin", "dev-api", "web"], TaskListing.Tags([.. Listed, "      TASK TAGS: [always, web]"]).Where(t => t != "always"));

    [Theory]
    [InlineData(new[] { "--tags", "dev-api" }, new[] { "dev-api" })]
    [InlineData(new[] { "--tags=a,b", "-t", "c", "--skip-tags", "d" }, new[] { "a", "b", "c" })]
    [InlineData(new[] { "--extra-vars", "group=dev-api" }, new string[0])]
    public void Requested_tags_come_from_every_tags_flag(string[] args, string[] tags) =>
        Assert.Equal(tags, TaskListing.RequestedTags(args));

    [Fact]
    public void Tag_filters_are_dropped_to_list_every_tag() =>
        Assert.Equal(["-i", "inv", "pb.yml", "--extra-vars", "x=1"],
            TaskListing.WithoutTagFilters(["-i", "inv", "pb.yml", "--tags", "a", "--skip-tags=b", "-t", "c", "--extra-vars", "x=1"]));

    [Theory]
    [InlineData("dev-ap", "dev-api")]
    [InlineData("dev-apii", "dev-api")]
    [InlineData("dve-api", "dev-api")]
    [InlineData("web", null)]
    [InlineData("never", null)]
    public void The_closest_tag_is_suggested_when_close(string wanted, string? expected) =>
        Assert.Equal(expected, TaskListing.Closest(wanted, ["always", "dev-admin", "dev-api", "never"]));
}
