using System.ComponentModel;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Naming;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Deploy;

/// <summary>What `deploy` and `rollback` share: the family, the deploy's group name, the cloud, --json.</summary>
public class DeploySettings : CloudSettings
{
    [CommandArgument(0, "<ACCOUNT>")] public string Account { get; init; } = "";
    [CommandArgument(1, "<ENV>")] public string Env { get; init; } = "";
    [CommandArgument(2, "<CATEGORY>")] public string Category { get; init; } = "";
    [CommandOption("--group <NAME>")] [Description("the deploy's group: Auto Scaling group or managed instance group name (generations are NAME, NAME-v002, …)")]
    public string Group { get; init; } = "";
    [CommandOption("--json")] [Description("print one JSON object (run, group, image, switch time, steps)")]
    public bool Json { get; init; }

    /// <summary>Compute Engine (managed instance groups) rather than EC2 (Auto Scaling groups).</summary>
    public bool IsGce => Cloud.ToLowerInvariant() is "gcp" or "local-gcp";

    public Family Family() => Core.Naming.Family.For(Account, Env, Category);

    /// <summary>Every problem of the common arguments, before anything is called.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (what, value) in new[] { ("account", Account), ("env", Env), ("category", Category) })
            if (NameRules.PartProblem(what, value) is { } p) problems.Add(p);
        if (Group.Length == 0) problems.Add("--group is required: the Auto Scaling group to deploy to (e.g. --group web)");
        else if (Group.Length > 200 || Group.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            problems.Add($"--group '{NameRules.Printable(Group)}' may hold only letters, digits, '-' and '_' (at most 200)");
        else if (IsGce && Gcp.Deploy.GceDeployNames.GroupProblem(Group) is { } gce) problems.Add(gce);
        return problems;
    }
}
