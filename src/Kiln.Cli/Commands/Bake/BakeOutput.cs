using Kiln.Baking;
using Kiln.Core.Runs;

namespace Kiln.Cli.Commands.Bake;

/// <summary>The end of a bake on the console: the new image, or why there is none; or one JSON object.</summary>
public static class BakeOutput
{
    public static void Print(BakeResult result, bool json)
    {
        if (json) { Console.WriteLine(result.ToJson()); return; }
        if (result.UpToDate)
        {
            Console.WriteLine($"up to date: {result.Image} ({result.ImageName}) was baked from the same inputs");
            return;
        }
        Console.WriteLine();
        foreach (var step in result.Steps) Console.WriteLine($"  {step.Name,-28} {step.Outcome,-10} {step.Seconds,8:0.00} s");
        foreach (var kept in result.Kept) Console.WriteLine($"  kept   {kept.Id} {kept.Name}: {kept.Reason}");
        foreach (var pruned in result.Pruned) Console.WriteLine($"  pruned {pruned.Id} {pruned.Name}");
        foreach (var change in result.InputChanges) Console.WriteLine($"  inputs: {change}");
        if (result.FailedImage is { } failed) Console.WriteLine($"  kept   {failed} {result.ImageName}: its tests failed (kiln:tests=failed, --keep-failed)");
        foreach (var warning in result.Warnings) Console.Error.WriteLine($"kiln: warning: {warning}");
        Console.WriteLine(result.Succeeded
            ? $"{result.Image} {result.ImageName}   (run {result.Run}, {result.Seconds:0.0} s)"
            : $"kiln: bake {result.Outcome.ToString().ToLowerInvariant()}: {result.Error} (run {result.Run}; `kiln runs show {result.Run}`)");
    }

    public static int ExitCode(BakeResult result) => result.Outcome switch
    {
        RunOutcome.Succeeded or RunOutcome.UpToDate => ExitCodes.Ok,
        RunOutcome.Cancelled => ExitCodes.Cancelled,
        _ => ExitCodes.Failed,
    };
}
