using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Deploy;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Deploy;

/// <summary>`kiln rollback ACCOUNT ENV CATEGORY --group NAME`: back to what the last deploy replaced.</summary>
public sealed class RollbackCommand : AsyncCommand<DeploySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeploySettings s, CancellationToken cancellationToken)
    {
        var problems = s.Problems();
        if (problems.Count > 0) throw new KilnInputException(problems);
        using var cancel = new Cancellation(cancellationToken);
        var result = await DeployRunner.RunAsync(s, DeployKind.Rollback, DeployStrategy.BlueGreen, r => r,
            string.Join(' ', context.Arguments), cancel.Token);
        DeployOutput.Print(result, s.Json);
        return result.Succeeded ? ExitCodes.Ok : result.Outcome == Core.Runs.RunOutcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Failed;
    }
}
