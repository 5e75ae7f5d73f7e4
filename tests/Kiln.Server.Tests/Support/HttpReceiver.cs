using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel, port from the OS) that records every request it receives:
/// what a webhook or a Slack/Mattermost incoming webhook would see. Per path it answers 200, answers 500, or hangs
/// (never answers until the test ends).</summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    public sealed record Request(string Path, string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();
    public ConcurrentQueue<Request> Requests { get; } = new();
    /// <summary>Paths (such as "/hang") that hang, and that answer 500.</summary>
    public ConcurrentDictionary<string, int> Behaviour { get; } = new();
    public const int Hang = -1;

    private HttpReceiver(WebApplication app) => _app = app;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    public string Url(string path) => new Uri(Address, path).ToString();
    public IReadOnlyList<Request> At(string path) => Requests.Where(r => r.Path == path).ToList();

    public static async Task<HttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        HttpReceiver? receiver = null;
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver!.Requests.Enqueue(new Request(ctx.Request.Path, body,
                ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow));
            var behaviour = receiver.Behaviour.GetValueOrDefault(ctx.Request.Path.ToString(), 200);
            if (behaviour == Hang)
            {
                try { await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(receiver._stop.Token, ctx.RequestAborted).Token); }
                catch (OperationCanceledException) { }
                return;
            }
            ctx.Response.StatusCode = behaviour;
            await ctx.Response.WriteAsync(behaviour == 200 ? "ok" : "no");
        });
        receiver = new HttpReceiver(app);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds (or fails the test after <paramref name="seconds"/>).</summary>
    public async Task WaitForAsync(Func<HttpReceiver, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the receiver did not get what was expected; it got: {string.Join(", ", Requests.Select(r => r.Path))}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
