using Kiln.Baking.Inventory;
using Kiln.Baking.Ssh;
using Kiln.Core.Inventory;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the SSH target, the source image, the lineage, the inputs and Ansible's changed tasks; writes the
/// image's inventory (packages, the file manifest under the spec's inventory roots, the changed tasks) to the history, keyed by the run and the image's name, for
/// `kiln diff`. One remote command over the run's SSH master, once the temporary key has left authorized_keys (so the
/// manifest is the image's); this is the master's last use, so it is closed here, before the instance stops under it.
/// When the instance cannot give an inventory (no sudo, no GNU find) the bake goes on with a warning: the image is no
/// worse for it. The history write itself must succeed.</summary>
public sealed class StepRecordInventory(BakeContext c) : IStep<BakeState>
{
    public string Name => "record inventory";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        try { await RecordAsync(state, ct); }
        finally
        {
            if (state.Ssh?.ControlPath is { } socket) await ControlMasters.CloseAsync(Path.GetDirectoryName(socket)!);
        }
    }

    private async Task RecordAsync(BakeState state, CancellationToken ct)
    {
        var roots = state.Spec.InventoryRoots;
        if (roots.Count == 0 || c.History is null) return;
        var output = new List<string>();
        var errors = new List<string>();
        var result = await SshClient.RunAsync(state.Ssh!, InventoryCommand.For(roots),
            (stream, line) => (stream == "stdout" ? output : errors).Add(line), ct);
        if (result.ExitCode != 0)
        {
            var why = $"no inventory of the image: the inventory command exited {result.ExitCode}: {string.Join(" / ", errors.TakeLast(3))}";
            c.Log.Write("error", why);
            state.Warnings.Add(why);
            return;
        }
        var parsed = InventoryParser.Parse(output);
        var inventory = new ImageInventory(parsed.Packages, parsed.Files, roots, Lineage(state)) { Ansible = state.AnsibleChanges.Recaps };
        await c.History.RecordInventoryAsync(state.Run, state.Spec.ImageName, inventory, ct);
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
