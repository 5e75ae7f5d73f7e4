using Kiln.Baking.Inventory;
using Kiln.Baking.Ssh;
using Kiln.Core.Inventory;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the SSH target, the source image, the lineage, the inputs and Ansible's changed tasks; writes the
/// image's inventory (packages, the file manifest under the spec's inventory roots, the changed tasks) to the history, keyed by the run and the image's name, for
/// `kiln diff`. The inventory command runs once the temporary key has left authorized_keys (so the manifest is the
/// image's): in the login that removed it (StepRemoveTemporaryKey), or here when there was no key to remove. This is
/// the run's ssh master's last use, so its closing starts here; the instance's stop does not wait for it.
/// When the instance cannot give an inventory (no sudo, no GNU find) the bake goes on with a warning: the image is no
/// worse for it. The history write itself must succeed.</summary>
public sealed class StepRecordInventory(BakeContext c) : IStep<BakeState>
{
    public string Name => "record inventory";

    /// <summary>The roots of the inventory this bake records, or null when it records none.</summary>
    internal static IReadOnlyList<string>? Roots(BakeContext c, BakeState state) =>
        state.Spec.InventoryRoots is { Count: > 0 } roots && c.History is not null ? roots : null;

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        try { await RecordAsync(state, ct); }
        finally
        {
            if (state.Ssh?.ControlPath is { } socket) state.SshMasterClosing = ControlMasters.CloseAsync(Path.GetDirectoryName(socket)!);
        }
    }

    private async Task RecordAsync(BakeState state, CancellationToken ct)
    {
        if (Roots(c, state) is not { } roots) return;
        var taken = state.TakenInventory ?? await TakenInventory.TakeAsync(state.Ssh!, InventoryCommand.For(roots), ct);
        if (taken.ExitCode != 0)
        {
            var why = $"no inventory of the image: the inventory command exited {taken.ExitCode}: {string.Join(" / ", taken.Errors.TakeLast(3))}";
            c.Log.Write("error", why);
            state.Warnings.Add(why);
            return;
        }
        var parsed = InventoryParser.Parse(taken.Output);
        var inventory = new ImageInventory(parsed.Packages, parsed.Files, roots, Lineage(state)) { Ansible = state.AnsibleChanges.Recaps };
        await c.History!.RecordInventoryAsync(state.Run, state.Spec.ImageName, inventory, ct);
        c.Log.Info($"Recorded the image's inventory: {parsed.Packages.Count} packages, {parsed.Files.Count} entries under {string.Join(", ", roots)}"
            + (parsed.Skipped > 0 ? $" ({parsed.Skipped} lines not read)" : "")
            + (inventory.Ansible.Count > 0 ? $"; {inventory.Ansible.Sum(r => r.Changed)} changed tasks" : ""));
    }

    private InventoryLineage Lineage(BakeState state) => new(
        state.SourceImage?.Id.Value, state.SourceImage?.Name, state.Lineage?.Commit, state.Lineage?.Dirty ?? false, c.Options.Version,
        state.Inputs?.Digest, state.Inputs?.Vars ?? new Dictionary<string, string>(),
        state.Inputs?.Components ?? new Dictionary<string, string>());

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
