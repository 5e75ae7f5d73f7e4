namespace Kiln.Core.Cloud;

/// <summary>Deletes an Auto Scaling group with its instances and returns once it is gone; one already gone counts as
/// deleted. What `kiln gc` needs for a deploy that died with a half-made group in its ledger (the bake's cloud port
/// knows no groups).</summary>
public interface IGroupRemover
{
    /// <summary>Groups tagged as made by <paramref name="run"/> (a kill can come between the create call's answer and
    /// the ledger write).</summary>
    Task<IReadOnlyList<string>> GroupsOfRunAsync(RunId run, CancellationToken ct);

    Task RemoveGroupAsync(string name, CancellationToken ct);
}
