using Kiln.Core.Steps;

namespace Kiln.Baking.Testing;

/// <summary>A step with the `before`, `after` and `cleanup` pause points of <see cref="PausePoints"/> around it.</summary>
internal sealed class PausableStep(IStep<BakeState> inner) : IStep<BakeState>
{
    public string Name => inner.Name;

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        await PausePoints.AtAsync(state, Name, "before", ct);
        await inner.RunAsync(state, ct);
        await PausePoints.AtAsync(state, Name, "after", ct);
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        await PausePoints.AtAsync(state, Name, "cleanup", ct);
        await inner.CleanupAsync(state, ct);
    }

    public static IReadOnlyList<IStep<BakeState>> Wrap(IReadOnlyList<IStep<BakeState>> plan) =>
        PausePoints.Enabled ? plan.Select(s => (IStep<BakeState>)new PausableStep(s)).ToList() : plan;
}
