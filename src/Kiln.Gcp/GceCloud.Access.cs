using System.Diagnostics;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Gcp.Api;

namespace Kiln.Gcp;

/// <summary>SSH on Compute Engine: no key pairs (the key goes into the instance's `ssh-keys` metadata, where Google's
/// guest environment gives its user the key and sudo), and a firewall rule for a target tag only this run's instance
/// carries, opened to the caller's address only.</summary>
public sealed partial class GceCloud
{
    /// <summary>Marks Kiln's rules: firewall rules take no labels.</summary>
    public const string FirewallMark = "kiln-temporary";

    /// <summary>An ed25519 key made here by `ssh-keygen` (milliseconds); the cloud never holds it apart from the
    /// instance's metadata, so there is nothing to delete but the files.</summary>
    public async Task<SshCredential> CreateSshCredentialAsync(SshCredentialRequest request, CancellationToken ct)
    {
        var path = Path.Combine(request.PrivateKeyDirectory, "gce-key");
        File.Delete(path);
        File.Delete(path + ".pub");
        var type = request.KeyType == "rsa" ? ["-t", "rsa", "-b", "3072"] : new[] { "-t", "ed25519" };
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in type.Concat(["-N", "", "-q", "-C", request.User, "-f", path])) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ssh-keygen did not start");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"ssh-keygen exited {process.ExitCode}: {(await error).Trim()}");
        var privateKey = await File.ReadAllTextAsync(path, ct);
        var publicKey = (await File.ReadAllTextAsync(path + ".pub", ct)).Trim();
        File.Delete(path);
        File.Delete(path + ".pub");
        return new SshCredential(request.Run.Value, request.User, privateKey, publicKey, null);
    }

    public Task DeleteSshCredentialAsync(SshCredential credential, CancellationToken ct) =>
        throw new InvalidOperationException("a Compute Engine SSH key lives in the instance's metadata: it goes with the instance");

    public ResourceKind SshRuleKind => ResourceKind.Firewall;

    /// <summary>The rule's name is also the target tag the instance carries, so it opens SSH to that instance only.</summary>
    public static string RuleName(RunId run) => $"{run.Value}-ssh";

    public async Task<SshRuleId> OpenSshAsync(SshRuleRequest request, CancellationToken ct)
    {
        var name = RuleName(request.Run);
        await Api.InsertFirewallAsync(Project, new Firewall
        {
            Name = name,
            Description = $"{FirewallMark} run {request.Run}: SSH from {request.Cidr}",
            Network = $"global/networks/{request.Network ?? "default"}",
            Direction = "INGRESS",
            Allowed = [new FirewallAllowed("tcp", [request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])],
            SourceRanges = [request.Cidr],
            TargetTags = [name],
        }, ct);
        return new SshRuleId(name);
    }

    public Task CloseSshAsync(SshRuleId id, CancellationToken ct) => Api.DeleteFirewallAsync(Project, id.Value, ct);

    /// <summary>Removes `ssh-keys` from the instance's metadata, with the fingerprint read (a stale one is refused).</summary>
    public async Task RemoveSshKeysAsync(InstanceId instance, CancellationToken ct)
    {
        var now = await Api.GetInstanceAsync(Project, Zone, instance.Value, ct)
            ?? throw new CloudException("notFound", $"instance {instance} does not exist", 404);
        var items = (now.Metadata?.Items ?? []).Where(i => i.Key != "ssh-keys").ToList();
        await Api.SetMetadataAsync(Project, Zone, instance.Value, new Metadata(now.Metadata?.Fingerprint, items), ct);
    }
}
