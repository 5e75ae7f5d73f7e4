using Kiln.Baking.Provisioners;
using Kiln.Core.Inventory;

namespace Kiln.Baking.Tests.Provisioners;

/// <summary>The lines Kiln's callback plugin (kiln_changes.py) writes, read back into recaps.</summary>
public sealed class AnsibleChangesTests
{
    private static string Same(string s) => s;

    public static TheoryData<string, string[], (int Changed, string Tasks)[]> Files => new()
    {
        { "nothing changed", ["""{"recap": 0}"""], [(0, "")] },
        { "two tasks of two plays", [
            """{"play": "all", "task": "common : application users"}""", """{"play": "web", "task": "nginx : nginx.conf"}""", """{"recap": 2}"""],
            [(2, "all/common : application users|web/nginx : nginx.conf")] },
        { "two playbook runs (a retry)", [
            """{"play": "all", "task": "a"}""", """{"recap": 1}""", """{"play": "all", "task": "a"}""", """{"play": "all", "task": "b"}""", """{"recap": 2}"""],
            [(1, "all/a"), (2, "all/a|all/b")] },
        { "a play that died before its recap", ["""{"play": "all", "task": "a"}"""], [(1, "all/a")] },
        { "lines that are not the plugin's", ["", "not json", "[1]", """{"task": 3}""", """{"play": "all", "task": "a"}""", """{"recap": 1}"""],
            [(1, "all/a")] },
        { "an empty file", [], [] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Recaps_hold_the_changed_tasks_in_order_with_the_recaps_count(string why, string[] lines, (int Changed, string Tasks)[] expected)
    {
        var recaps = AnsibleChanges.Parse(lines, "dev.yml", Same);
        Assert.True(expected.SequenceEqual(recaps.Select(r => (r.Changed, string.Join('|', r.Tasks.Select(t => $"{t.Play}/{t.Task}"))))), why);
        Assert.All(recaps, r => Assert.Equal("dev.yml", r.Playbook));
    }

    [Fact]
    public void Task_and_play_names_pass_the_masker()
    {
        var recap = Assert.Single(AnsibleChanges.Parse(["""{"play": "p s3cret", "task": "write s3cret"}""", """{"recap": 1}"""], "dev.yml",
            s => s.Replace("s3cret", "***", StringComparison.Ordinal)));
        Assert.Equal(new ChangedTask("p ***", "write ***"), Assert.Single(recap.Tasks));
    }
}
