using Kiln.Deploy;

namespace Kiln.Cli.Commands.Deploy;

/// <summary>The last lines of a deploy: one JSON object under --json, else a short summary.</summary>
public static class DeployOutput
{
    public static void Print(DeployResult r, bool json)
    {
        if (json) { Console.WriteLine(r.ToJson()); return; }
        if (!r.Succeeded) { Console.Error.WriteLine($"kiln: {r.Kind} {r.Outcome.ToString().ToLowerInvariant()}: {r.Error} (run {r.Run})"); return; }
        Console.WriteLine($"{r.Kind} done: {r.Group} serves {r.Image}" + (r.PreviousGroup is null ? "" : $"; {r.PreviousGroup} kept at 0 for rollback")
            + (r.SwitchSeconds is { } sw ? $" (in service after {sw:0.0} s, {r.Seconds:0.0} s in all; run {r.Run})" : $" (run {r.Run})"));
        foreach (var w in r.Warnings) Console.Error.WriteLine($"kiln: warning: {w}");
    }
}
