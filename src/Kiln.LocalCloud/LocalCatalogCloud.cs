using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.LocalCloud.Setup;

namespace Kiln.LocalCloud;

/// <summary>
/// The local cloud's EC2 images, read from its state by <see cref="LocalImageCatalog"/>, as a cloud that only reads:
/// a bake whose inputs the family's newest image already has makes nothing, and needs no endpoint for that answer
/// (starting one in-process is most of the CPU of such a command: the web host, the SDK, their JIT). Anything that
/// would change the cloud throws: a caller that finds it has to change something connects to the endpoint.
/// </summary>
public sealed class LocalCatalogCloud : ICloud
{
    private readonly KilnPaths _paths;
    private readonly string _region;

    private LocalCatalogCloud(KilnPaths paths, string region) => (_paths, _region) = (paths, region);

    /// <summary>Null when the local cloud is not initialised in <paramref name="paths"/> (the endpoint says how).</summary>
    public static LocalCatalogCloud? TryOpen(KilnPaths paths)
    {
        var layout = new LocalCloudLayout(paths);
        return File.Exists(layout.StateDatabase) && CredentialsFile.Read(layout) is { } credentials
            ? new LocalCatalogCloud(paths, credentials.Region) : null;
    }

    /// <summary>As the endpoint's cloud names itself in run records.</summary>
    public string Describe => "local";

    public Task<IReadOnlyList<CloudImage>> FindImagesAsync(string nameFilter, CancellationToken ct) =>
        Task.FromResult(LocalImageCatalog.FindImages(_paths, nameFilter, _region));

    public async Task<CloudImage?> GetImageAsync(ImageId id, CancellationToken ct) =>
        (await FindImagesAsync("*", ct)).FirstOrDefault(i => i.Id == id);

    public async Task<IReadOnlyList<CloudImage>> FindImagesByTagAsync(string key, string value, CancellationToken ct) =>
        (await FindImagesAsync("*", ct)).Where(i => i.Tags.GetValueOrDefault(key) == value).ToList();

    public ResourceKind SshRuleKind => ResourceKind.SecurityGroup;

    public Task TagImageAsync(ImageId id, IReadOnlyDictionary<string, string> tags, CancellationToken ct) => throw ReadOnly();
    public Task<IReadOnlyList<SnapshotId>> RemoveImageAsync(ImageId id, IReadOnlyList<SnapshotId> knownSnapshots, CancellationToken ct) => throw ReadOnly();
    public Task<IReadOnlyDictionary<ImageId, string>> FindImagesInUseAsync(CancellationToken ct) => throw ReadOnly();
    public Task<SshCredential> CreateSshCredentialAsync(SshCredentialRequest request, CancellationToken ct) => throw ReadOnly();
    public Task DeleteSshCredentialAsync(SshCredential credential, CancellationToken ct) => throw ReadOnly();
    public Task<SshRuleId> OpenSshAsync(SshRuleRequest request, CancellationToken ct) => throw ReadOnly();
    public Task CloseSshAsync(SshRuleId id, CancellationToken ct) => throw ReadOnly();
    public Task<LaunchedInstance> LaunchAsync(InstanceRequest request, CancellationToken ct) => throw ReadOnly();
    public Task<CloudInstance?> GetInstanceAsync(InstanceId id, CancellationToken ct) => throw ReadOnly();
    public Task<IReadOnlyList<CloudInstance>> FindInstancesByTagAsync(string key, string value, CancellationToken ct) => throw ReadOnly();
    public Task StopInstanceAsync(InstanceId id, CancellationToken ct) => throw ReadOnly();
    public Task TerminateInstanceAsync(InstanceId id, CancellationToken ct) => throw ReadOnly();
    public Task<IReadOnlyList<TemporaryResource>> FindTemporaryAsync(CancellationToken ct) => throw ReadOnly();
    public Task<IReadOnlyList<TemporaryResource>> FindTemporaryOfRunAsync(RunId run, CancellationToken ct) => throw ReadOnly();
    public Task RemoveTemporaryAsync(ResourceKind kind, string id, CancellationToken ct) => throw ReadOnly();

    /// <summary>Only when the family changed between the up-to-date answer and the bake's own check of it (another
    /// bake of the family finished in that moment): running the command again bakes through the endpoint.</summary>
    private static CloudException ReadOnly() =>
        new("ReadOnly", "the family's newest image changed while this bake checked its inputs: run it again");
}
