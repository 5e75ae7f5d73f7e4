using Kiln.Baking.Polling;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking;

/// <summary>What every step of a bake uses: the cloud, the ledger, the run's masked log, the clock and the waits;
/// <paramref name="History"/> to read what earlier runs recorded.</summary>
public sealed record BakeContext(ICloud Cloud, Ledger Ledger, MaskedRunLog Log, TimeProvider Clock, Poller Poller,
    BakeTimings Timings, BakeEngineOptions Options, KilnPaths Paths, Kiln.Core.Runs.IRunStore? History = null)
{
    /// <summary>The cloud's own way of making an image (<see cref="IInstanceImages"/> on EC2, <see cref="IDiskImages"/>
    /// on Compute Engine): a plan is built only for a cloud that has the one its steps use.</summary>
    public T Images<T>() where T : class =>
        Cloud as T ?? throw new InvalidOperationException($"{Cloud.Describe} does not make images the {typeof(T).Name} way");
}

/// <summary>Settings of the engine that are not part of a bake's description.</summary>
public sealed record BakeEngineOptions
{
    public BakeTimings Timings { get; init; } = new();
    /// <summary>ANSIBLE_FORCE_COLOR: set when Kiln's own console is a terminal.</summary>
    public bool ColorOutput { get; init; } = !Console.IsOutputRedirected;
    /// <summary>Asked when the cloud is AWS and no SSH source CIDR is given: the caller's public address.</summary>
    public Uri CallerAddressService { get; init; } = new("https://checkip.amazonaws.com/");
    /// <summary>Budget of the cleanups after a failure or Ctrl-C (not the cancelled token).</summary>
    public TimeSpan CleanupBudget { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Recorded on images as `kiln:version`.</summary>
    public string Version { get; init; } = KilnVersionInfo.Current;
}
