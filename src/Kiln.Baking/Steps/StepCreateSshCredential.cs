using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the run id and the spec's login; produces the run's temporary SSH credential (EC2: a key pair named
/// after the run or temporary_key_pair_name; Compute Engine: a key made here, which reaches the instance in its
/// metadata), or the user's own key pair, key file or agent; its private key in the run directory (0600, masked in
/// every log) and the public key line to remove before the image is made.</summary>
public sealed class StepCreateSshCredential(BakeContext c, string name) : IStep<BakeState>
{
    public string Name => name;

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        KilnPaths.EnsurePrivateDirectory(state.RunDirectory);
        if (!state.Spec.Login.IsTemporary)
        {
            await UseOwnKeyAsync(state, ct);
            return;
        }
        var credential = await c.Cloud.CreateSshCredentialAsync(new SshCredentialRequest(state.Run, state.Spec.Ssh.User,
            state.Spec.KeyPairType, KilnTags.ForTemporary(state.Run), state.RunDirectory) { Name = state.Spec.Login.TemporaryKeyPairName }, ct);
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

    /// <summary>Packer's ssh_keypair_name with ssh_private_key_file or ssh_agent_auth: nothing is made or deleted. The
    /// key file is copied into the run directory (0600: ssh refuses a key others can read). Only a key the launch put
    /// on the instance (an attached key pair) is removed from it again; a key the source image held stays with it.</summary>
    private async Task UseOwnKeyAsync(BakeState state, CancellationToken ct)
    {
        var login = state.Spec.Login;
        var privateKey = login.PrivateKeyFile is { } file ? await File.ReadAllTextAsync(file, ct) : "";
        if (privateKey.Length > 0) c.Log.AddSecret(privateKey);
        state.Credential = new SshCredential(login.KeyPairName ?? "", state.Spec.Ssh.User, privateKey, null, null);
        if (login.PrivateKeyFile is null)
        {
            state.PrivateKeyPath = ""; // the agent's keys
            c.Log.Info(login.KeyPairName is { } pair ? $"Using key pair {pair} with the keys of the SSH agent"
                : "Using the keys of the SSH agent; no key pair is attached");
            return;
        }
        var path = Path.Combine(state.RunDirectory, "key.pem");
        KilnPaths.WritePrivateFile(path, privateKey.EndsWith('\n') ? privateKey : privateKey + "\n");
        state.PrivateKeyPath = path;
        // Also a check that ssh can read the key without a passphrase, before anything is made.
        var publicKey = PublicKeyReader.TryRead(privateKey) ?? await PublicKeyAsync(path, ct);
        state.PublicKey = login.KeyPairName is null ? null : publicKey;
        c.Log.Info(login.KeyPairName is { } name ? $"Using key pair {name} with {login.PrivateKeyFile}"
            : $"Using {login.PrivateKeyFile}; no key pair is attached (the source image accepts the key)");
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
        if (state.PrivateKeyPath is { Length: > 0 } path) File.Delete(path);
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
