using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the run id; produces the run's temporary SSH credential (EC2: a key pair named after the run;
/// Compute Engine: a key made here, which reaches the instance in its metadata), its private key in the run directory
/// (0600, masked in every log) and its public key line.</summary>
public sealed class StepCreateSshCredential(BakeContext c, string name) : IStep<BakeState>
{
    public string Name => name;

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        KilnPaths.EnsurePrivateDirectory(state.RunDirectory);
        var credential = await c.Cloud.CreateSshCredentialAsync(new SshCredentialRequest(state.Run, state.Spec.Ssh.User,
            state.Spec.KeyPairType, KilnTags.ForTemporary(state.Run), state.RunDirectory), ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.Credential = credential;
        if (credential.Ledger is { } kind) await c.Ledger.CreatedAsync(kind, credential.Name);
        c.Log.AddSecret(credential.PrivateKey);

        var path = Path.Combine(state.RunDirectory, "key.pem");
        KilnPaths.WritePrivateFile(path, credential.PrivateKey.EndsWith('\n') ? credential.PrivateKey : credential.PrivateKey + "\n");
        state.PrivateKeyPath = path;
        state.PublicKey = credential.PublicKey ?? PublicKeyReader.TryRead(credential.PrivateKey) ?? await PublicKeyAsync(path, ct);
        c.Log.Info(credential.Ledger is null ? $"Created temporary SSH key {credential.Name} for {credential.User}"
            : $"Created temporary key pair {credential.Name}");
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
        if (state.Credential is not { Ledger: { } kind } credential) return;
        await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Cloud.DeleteSshCredentialAsync(credential, t)), ct);
        await c.Ledger.CleanedAsync(kind, credential.Name);
        state.Credential = null;
    }

    /// <summary>The run directory held only the key, inventories and socket directories: once empty it goes.</summary>
    private static void RemoveIfEmpty(string directory)
    {
        try { if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory); }
        catch (IOException) { /* something was left in it: keep it */ }
    }
}
