namespace Kiln.Core.Cloud;

/// <summary>Deletes an Auto Scaling group with its instances and returns once it is gone; one already gone counts as
/// deleted. What `kiln gc` needs for a deploy that died with a half-made group in its ledger (the bake's cloud port
/// knows no groups).</summary>
public interface IGroupRemover
{
    /// <summary>Every group tagged as made by a run, with that run, in one listing (a kill can come between the create
    /// call's answer and the ledger write).</summary>
    Task<IReadOnlyList<(string Group, RunId Run)>> GroupsByRunAsync(CancellationToken ct);

    Task RemoveGroupAsync(string name, CancellationToken ct);
}
