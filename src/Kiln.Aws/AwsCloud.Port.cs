using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;

namespace Kiln.Aws;

/// <summary>The bake's port in EC2's nouns: the credential is a key pair, the SSH rule a security group.</summary>
public sealed partial class AwsCloud
{
    public async Task<SshCredential> CreateSshCredentialAsync(SshCredentialRequest request, CancellationToken ct)
    {
        // The run id already reads `kiln-YYYYMMDD-HHMMSS-xxxx`: a leaked key is recognisable and traceable by name
        // (a template's temporary_key_pair_name is still tagged with the run).
        var material = await CreateKeyPairAsync(new KeyPairName(request.Name ?? request.Run.Value), request.Tags, request.KeyType, ct);
        return new SshCredential(material.Name.Value, request.User, material.PrivateKey, null, ResourceKind.KeyPair);
    }

    public Task DeleteSshCredentialAsync(SshCredential credential, CancellationToken ct) =>
        DeleteKeyPairAsync(new KeyPairName(credential.Name), ct);

    public ResourceKind SshRuleKind => ResourceKind.SecurityGroup;

    public async Task<SshRuleId> OpenSshAsync(SshRuleRequest request, CancellationToken ct)
    {
        var group = await CreateSecurityGroupAsync(request.Run.Value,
            $"Kiln temporary group for run {request.Run}: SSH from {request.Cidr}", request.Cidr, request.Port, request.Tags, request.VpcId, ct);
        return new SshRuleId(group.Value);
    }

    public Task CloseSshAsync(SshRuleId id, CancellationToken ct) => DeleteSecurityGroupAsync(new SecurityGroupId(id.Value), ct);

    public async Task<LaunchedInstance> LaunchAsync(InstanceRequest request, CancellationToken ct) =>
        // The root volume is deleted with the instance (EC2's DeleteOnTermination): nothing else to record.
        new(await RunInstanceAsync(request, ct), []);

    public Task TagSnapshotAsync(SnapshotId id, IReadOnlyDictionary<string, string> tags, CancellationToken ct) => TagAsync(id.Value, tags, ct);

    public Task TagImageAsync(ImageId id, IReadOnlyDictionary<string, string> tags, CancellationToken ct) => TagAsync(id.Value, tags, ct);

    /// <summary>Deregisters the image, then deletes its snapshots (deregistering alone leaves them, and their cost).</summary>
    public async Task<IReadOnlyList<SnapshotId>> RemoveImageAsync(ImageId id, IReadOnlyList<SnapshotId> knownSnapshots, CancellationToken ct)
    {
        var image = await GetImageAsync(id, ct);
        var snapshots = (image?.Snapshots ?? []).Concat(knownSnapshots).Distinct().ToList();
        if (image is not null && image.State != ImageState.Deregistered) await DeregisterImageAsync(id, ct);
        foreach (var snapshot in snapshots) await DeleteSnapshotAsync(snapshot, ct);
        return snapshots;
    }

    public async Task<IReadOnlyList<TemporaryResource>> FindTemporaryAsync(CancellationToken ct)
    {
        const string key = KilnTags.Temporary;
        var list = new List<TemporaryResource>();
        foreach (var i in await FindInstancesByTagAsync(key, "true", ct))
            if (i.State is not (InstanceState.Terminated or InstanceState.ShuttingDown))
                list.Add(new(ResourceKind.Instance, i.Id.Value, RunOf(i.Tags)));
        foreach (var i in await FindImagesByTagAsync(key, "true", ct))
            if (i.State != ImageState.Deregistered) list.Add(new(ResourceKind.Image, i.Id.Value, RunOf(i.Tags)));
        foreach (var (name, tags) in await KeyPairsTaggedAsync(key, "true", ct)) list.Add(new(ResourceKind.KeyPair, name.Value, RunOf(tags)));
        foreach (var (id, tags) in await SecurityGroupsTaggedAsync(key, "true", ct)) list.Add(new(ResourceKind.SecurityGroup, id.Value, RunOf(tags)));
        return list;
    }

    public async Task<IReadOnlyList<TemporaryResource>> FindTemporaryOfRunAsync(RunId run, CancellationToken ct)
    {
        var list = new List<TemporaryResource>();
        foreach (var k in await FindKeyPairsByTagAsync(KilnTags.RunId, run.Value, ct)) list.Add(new(ResourceKind.KeyPair, k.Value, run));
        foreach (var g in await FindSecurityGroupsByTagAsync(KilnTags.RunId, run.Value, ct)) list.Add(new(ResourceKind.SecurityGroup, g.Value, run));
        return list;
    }

    public Task RemoveTemporaryAsync(ResourceKind kind, string id, CancellationToken ct) => kind switch
    {
        ResourceKind.KeyPair => DeleteKeyPairAsync(new KeyPairName(id), ct),
        ResourceKind.SecurityGroup => DeleteSecurityGroupAsync(new SecurityGroupId(id), ct),
        ResourceKind.Snapshot => DeleteSnapshotAsync(new SnapshotId(id), ct),
        _ => throw new InvalidOperationException($"EC2 makes no temporary {kind}; remove {id} by hand"),
    };

    private static RunId? RunOf(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(KilnTags.RunId, out var r) ? new RunId(r) : null;
}
