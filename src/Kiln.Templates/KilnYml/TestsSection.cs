using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's optional `tests:` → <see cref="ImageTestsSpec"/>: `commands` (run with sudo on a fresh instance
/// of the new image), `playbook` (a path in DIR, run with the bake's Ansible settings) and `timeout`. At least one of
/// commands and playbook; an empty command, a missing playbook or a timeout of zero is a problem.</summary>
internal static class TestsSection
{
    public static ImageTestsSpec? Read(OptionReader top, string dir, AnsibleProvisionerSpec? ansible, bool gce)
    {
        if (top.Node("tests") is null) return null;
        if (top.Object("tests") is not { } map) return null;
        var o = top.Nested(map, "tests");
        var commands = o.StringList("commands") ?? [];
        foreach (var (command, index) in commands.Select((c, i) => (c, i)))
            if (command.Trim().Length == 0) o.Problems.At(o.Node("commands")!, $"tests.commands[{index}] is empty: give a command that exits 0 when the image is right");
        var playbook = ReadPlaybook(o, dir);
        var timeout = o.Duration("timeout") ?? ImageTestsSpec.DefaultTimeout;
        if (timeout <= TimeSpan.Zero) o.Problems.At(o.Node("timeout")!, "tests.timeout must be longer than zero, such as \"10m\"");
        if (commands.Count == 0 && o.Node("playbook") is null)
            o.Problems.At(map, "tests needs commands (such as [\"systemctl is-active nginx\"]) or a playbook, or both");
        if (gce) o.Problems.At(map, "tests run on the EC2 lane (cloud local or aws) only for now: remove tests: for Compute Engine");
        o.ReportUnknown();
        var playbookSpec = playbook is null || ansible is null ? null : ansible with
        {
            Name = "image tests",
            PlaybookFile = playbook,
            ExtraArguments = WithoutTags(ansible.ExtraArguments),
            KeepInventoryFile = false,
        };
        return new ImageTestsSpec(commands, playbookSpec, timeout);
    }

    private static string? ReadPlaybook(OptionReader o, string dir)
    {
        if (o.String("playbook") is not { } relative) return null;
        var node = o.Node("playbook")!;
        var full = DirectoryFiles.Resolve(dir, relative, node, o.Problems, "tests.playbook");
        if (full is null) return null;
        if (File.Exists(full)) return full;
        o.Problems.At(node, $"tests.playbook '{relative}' does not exist in {dir}");
        return null;
    }

    /// <summary>The bake's arguments without its `--tags`: they select the bake's own tasks, which a test playbook
    /// need not carry.</summary>
    internal static List<string> WithoutTags(IReadOnlyList<string> args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--tags" or "-t") { i++; continue; }
            if (args[i].StartsWith("--tags=", StringComparison.Ordinal)) continue;
            result.Add(args[i]);
        }
        return result;
    }
}
