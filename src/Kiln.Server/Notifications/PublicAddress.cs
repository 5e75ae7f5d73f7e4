using Kiln.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kiln.Server.Notifications;

/// <summary>Where people reach this server: `--url` (behind a proxy), else the address it listens on.</summary>
public sealed class PublicAddress(ServerOptions options, IServer server)
{
    public string Base => (options.PublicUrl ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://{options.Listen}").TrimEnd('/');
    public string RunPage(RunId run) => $"{Base}/runs/{Uri.EscapeDataString(run.Value)}";
}
