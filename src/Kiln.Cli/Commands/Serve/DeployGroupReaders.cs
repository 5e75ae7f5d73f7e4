using System.Collections.Concurrent;
using Kiln.Cli.Commands.Serve.Executors;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Groups;
using Kiln.Server.Groups;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve;

/// <summary>The groups of each deploy job read on that job's cloud (<see cref="DeployJobCloud"/>): one connection per
/// cloud, made on first use and kept (the server's own cloud is reused, not made again); a connection that fails is
/// tried again on the next page load.</summary>
public sealed class DeployGroupReaders(KilnPaths paths, CloudSpec serverSpec, ConnectedCloud? serverCloud) : IGroupReaders, IAsyncDisposable
{
    private readonly ConcurrentDictionary<CloudSpec, Lazy<Task<ConnectedCloud>>> _clouds = new();

    public async Task<IGroupStateReader> ForAsync(JobDefinition job, CancellationToken ct)
    {
        var (spec, problems) = DeployJobCloud.Resolve(job.Arguments ?? new Dictionary<string, string>(), serverSpec);
        if (problems.Count > 0) throw new KilnInputException(problems);
        if (spec == serverSpec && serverCloud is not null) return DeployRunner.Reader(serverCloud);
        // Not cancelled with the page: a connection that takes longer than one page load serves the next.
        var connecting = _clouds.GetOrAdd(spec!, s => new Lazy<Task<ConnectedCloud>>(() => CloudConnector.ConnectAsync(s, paths, CancellationToken.None)));
        try { return DeployRunner.Reader(await connecting.Value.WaitAsync(ct)); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _clouds.TryRemove(KeyValuePair.Create(spec!, connecting));
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connecting in _clouds.Values.Where(c => c.IsValueCreated))
        {
            try { await (await connecting.Value).DisposeAsync(); }
            catch (Exception e) when (e is not OutOfMemoryException) { /* it never connected: nothing to close */ }
        }
    }
}
