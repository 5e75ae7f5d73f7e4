using Kiln.Baking.Ssh;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the SSH target and the run's public key; removes that key's line from the login user's
/// authorized_keys, so the image carries no temporary key. The run's ssh master stays open for the inventory that
/// follows (an established OpenSSH master needs no key for a new session), which closes it.</summary>
public sealed class StepRemoveTemporaryKey(BakeContext c) : IStep<BakeState>
{
    public string Name => "remove temporary key";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (state.PublicKey is null)
        {
            // The user's own key the source image already held, or the agent's: Packer leaves those too.
            c.Log.Info("The login key is the image's own or the agent's: authorized_keys is left as it is");
            return;
        }
        await SshClient.RunCheckedAsync(state.Ssh!, RemoveCommand(state.PublicKey), "removing the temporary key", ct);
        c.Log.Info($"Removed the temporary key from ~{state.Ssh!.User}/.ssh/authorized_keys");
    }

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
