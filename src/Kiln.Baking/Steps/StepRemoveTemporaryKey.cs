using Kiln.Baking.Inventory;
using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the SSH target and the run's public key; removes that key's line from the login user's
/// authorized_keys, so the image carries no temporary key. When the bake records an inventory, the same login then
/// takes it (the image as it will be, without the key) for StepRecordInventory: one round trip instead of two. The
/// run's ssh master stays open (an established OpenSSH master needs no key for a new session) until the inventory is
/// recorded.</summary>
public sealed class StepRemoveTemporaryKey(BakeContext c) : IStep<BakeState>
{
    public string Name => "remove temporary key";

    /// <summary>What the remote shell prints on stderr when the key could not be removed; nothing else ran then.</summary>
    internal const string RemovalFailed = "kiln: the temporary key could not be removed";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (state.PublicKey is null)
        {
            // The user's own key the source image already held, or the agent's: Packer leaves those too.
            c.Log.Info("The login key is the image's own or the agent's: authorized_keys is left as it is");
            return;
        }
        if (StepRecordInventory.Roots(c, state) is not { } roots)
            await SshClient.RunCheckedAsync(state.Ssh!, RemoveCommand(state.PublicKey), "removing the temporary key", ct);
        else
            state.TakenInventory = await RemoveThenTakeInventoryAsync(state.Ssh!, state.PublicKey, roots, ct);
        c.Log.Info($"Removed the temporary key from ~{state.Ssh!.User}/.ssh/authorized_keys");
    }

    /// <summary>One login: the key's removal, then (only when it succeeded) the inventory command.</summary>
    internal static async Task<TakenInventory> RemoveThenTakeInventoryAsync(SshTarget target, string publicKey,
        IReadOnlyList<string> roots, CancellationToken ct)
    {
        var taken = await TakenInventory.TakeAsync(target, RemoveThenInventoryCommand(publicKey, roots), ct);
        if (taken.Errors.Contains(RemovalFailed) || taken.ExitCode == SshClient.ConnectionLost)
            throw new ProcessFailedException("removing the temporary key", taken.ExitCode,
                string.Join(" / ", taken.Errors.Where(l => l != RemovalFailed).TakeLast(3)));
        return taken;
    }

    /// <summary>The key's removal, then the inventory; a removal that fails prints <see cref="RemovalFailed"/> and
    /// takes no inventory.</summary>
    internal static string RemoveThenInventoryCommand(string publicKey, IReadOnlyList<string> roots) =>
        SshClient.OrStop(RemoveCommand(publicKey), RemovalFailed) + InventoryCommand.For(roots);

    /// <summary>Keeps every line but the ones holding this key's base64 body (the comment may differ), rewriting the
    /// file in place so its owner and mode stay. `grep -v` exits 1 when no line remains: that is success here.</summary>
    internal static string RemoveCommand(string publicKey)
    {
        var parts = publicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var body = parts.Length >= 2 ? parts[1] : publicKey;
        var q = SshClient.Quote(body);
        return "f=$HOME/.ssh/authorized_keys; [ -f \"$f\" ] || exit 0; " +
               $"t=$(mktemp) && {{ grep -vF {q} \"$f\" > \"$t\"; [ $? -le 1 ]; }} && cat \"$t\" > \"$f\" && rm -f \"$t\" && ! grep -qF {q} \"$f\"";
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
