using System.Runtime.CompilerServices;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Gcp.Api;
using Kiln.Gcp.Auth;

namespace Kiln.Gcp;

/// <summary>Options that tests and the CLI may change; the defaults are the production ones.</summary>
public sealed record GcpCloudOptions
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public GcpPolicyOptions Policy { get; init; } = new();
    public Action<GcpRetryNotice>? OnRetry { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);
    /// <summary>The HTTP handler (tests pass a recording one).</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>Builds <see cref="GceCloud"/> for real GCP or the local cloud's Compute endpoint: one code path, only the
/// root URL and the credentials differ.</summary>
public static class GceCloudFactory
{
    public static readonly Uri GoogleRoot = new("https://compute.googleapis.com/compute/v1/");

    /// <summary>Real GCP: Application Default Credentials, found now (missing ones are bad input).</summary>
    public static async Task<GceCloud> ConnectGcpAsync(CloudSpec spec, GcpCloudOptions? options, CancellationToken ct) =>
        Create(spec, GoogleRoot, spec.CredentialsFile is { } file
            ? await ApplicationDefaultCredentials.FromFileAsync(file, ct)
            : await ApplicationDefaultCredentials.FindAsync(ct), options);

    /// <param name="root">The API root, `…/compute/v1/`.</param>
    public static GceCloud Create(CloudSpec spec, Uri root, IAccessTokenSource tokens, GcpCloudOptions? options = null)
    {
        // The Compute Engine API's JSON is read and written by reflection, which a Native AOT build does not have.
        if (!RuntimeFeature.IsDynamicCodeSupported)
            throw new KilnInputException($"cloud {(spec.Kind == CloudKind.LocalGcp ? "local-gcp" : "gcp")}: Compute Engine is not part of the Native AOT build of Kiln; run the single-file release (scripts/publish.sh) or ./kiln");
        options ??= new GcpCloudOptions();
        if (string.IsNullOrEmpty(spec.Project) || string.IsNullOrEmpty(spec.Zone))
            throw new KilnInputException($"cloud {spec.Kind.ToString().ToLowerInvariant()} needs a project and a zone: set project: and zone: in kiln.yml, or --project and --zone");
        var http = new HttpClient(options.Handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.RequestTimeout,
        };
        var policy = spec.StateTimeout is { } stateTimeout ? options.Policy with { OperationTimeout = stateTimeout } : options.Policy;
        var policies = new GcpPolicies(options.Clock, policy, options.OnRetry);
        var api = new ComputeClient(new ComputeTransport(http, root, tokens, policies));
        var where = new GceLocation(spec.Project, spec.Zone) { IsLocal = spec.Kind == CloudKind.LocalGcp };
        return new GceCloud(api, where, spec.ToString(), http);
    }
}
