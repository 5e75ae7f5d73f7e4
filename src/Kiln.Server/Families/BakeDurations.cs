using Kiln.Core.Runs;

namespace Kiln.Server.Families;

/// <summary>The family page's chart data: the family's last finished bakes (succeeded, failed or timed out: a bake
/// that found its inputs unchanged or was cancelled says nothing about how long a step takes), newest first, with
/// each recorded step's duration.</summary>
public sealed class BakeDurations(IRunStore store)
{
    public async Task<IReadOnlyList<BakeTiming>> LastAsync(string family, CancellationToken ct)
    {
        var runs = (await store.ListRunsAsync(new RunQuery(Family: family, Kind: "bake", Limit: StepChart.Bakes * 3), ct))
            .Where(r => r.Outcome is RunOutcome.Succeeded or RunOutcome.Failed or RunOutcome.TimedOut).Take(StepChart.Bakes).ToList();
        var bakes = new List<BakeTiming>();
        foreach (var run in runs)
        {
            var steps = (await store.GetRunAsync(run.Id, ct))?.Steps ?? [];
            bakes.Add(new BakeTiming(run.Id.Value, run.Started, RunOutcomes.Name(run.Outcome),
                steps.Where(s => s.Duration is not null).Select(s => new StepTiming(s.Name, s.Duration!.Value.TotalSeconds)).ToList()));
        }
        return bakes;
    }
}
