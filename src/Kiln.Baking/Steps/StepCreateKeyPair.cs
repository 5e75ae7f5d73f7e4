using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Baking.Testing;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the run id; produces the temporary key pair named after the run, its private key in the run
/// directory (0600, masked in every log) and its public key line.</summary>
public sealed class StepCreateKeyPair(BakeContext c) : IStep<BakeState>
{
    public string Name => "create key pair";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        // The run id already reads `kiln-YYYYMMDD-HHMMSS-xxxx`: a leaked key is recognisable and traceable by name.
        var name = new KeyPairName(state.Run.Value);
        var material = await c.Cloud.CreateKeyPairAsync(name, KilnTags.ForTemporary(state.Run), state.Spec.KeyPairType, ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.KeyPair = name;
        await c.Ledger.CreatedAsync(ResourceKind.KeyPair, name.Value);
        c.Log.AddSecret(material.PrivateKey);

        KilnPaths.EnsurePrivateDirectory(state.RunDirectory);
        var path = Path.Combine(state.RunDirectory, "key.pem");
        KilnPaths.WritePrivateFile(path, material.PrivateKey.EndsWith('\n') ? material.PrivateKey : material.PrivateKey + "\n");
        state.PrivateKeyPath = path;
        state.PublicKey = PublicKeyReader.TryRead(material.PrivateKey) ?? await PublicKeyAsync(path, ct);
        c.Log.Info($"Created temporary key pair {name}");
    }

    /// <summary>The public half, so Kiln can later remove exactly this key from the instance: read in-process for the
    /// formats clouds return, else derived by `ssh-keygen -y` (a child process: 10–50 ms more).</summary>
    private static async Task<string> PublicKeyAsync(string privateKeyPath, CancellationToken ct)
    {
        var lines = new List<string>();
        var result = await ChildProcess.RunAsync(new ProcessSpec("ssh-keygen", ["-y", "-f", privateKeyPath]),
            (stream, line) => { if (stream == "stdout") lines.Add(line); }, ct);
        if (result.ExitCode != 0 || lines.Count == 0) throw new ProcessFailedException("ssh-keygen -y", result.ExitCode, "the cloud's private key could not be read");
        return lines[0].Trim();
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.PrivateKeyPath is { } path) File.Delete(path);
        RemoveIfEmpty(Provisioners.AnsibleProvisioner.ControlDirectory(state.RunDirectory));
        RemoveIfEmpty(Path.GetDirectoryName(SshTarget.MasterSocket(state.RunDirectory))!);
        RemoveIfEmpty(state.RunDirectory);
        if (state.KeyPair is not { } name) return;
        await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Cloud.DeleteKeyPairAsync(name, t)), ct);
        await c.Ledger.CleanedAsync(ResourceKind.KeyPair, name.Value);
        state.KeyPair = null;
    }

    /// <summary>The run directory held only the key, inventories and socket directories: once empty it goes.</summary>
    private static void RemoveIfEmpty(string directory)
    {
        try { if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory); }
        catch (IOException) { /* something was left in it: keep it */ }
    }
}
