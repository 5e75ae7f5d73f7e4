namespace Kiln.Server.Tests.Support;

/// <summary>A test server with the test jobs and a headless Chromium, for the tests that drive the UI as people do.</summary>
public abstract class ServerWithBrowser : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;
    protected Browser Browser { get; private set; } = null!;

    /// <summary>The jobs the server declares.</summary>
    protected virtual IReadOnlyList<Kiln.Server.Jobs.JobDefinition> Jobs => TestJobs.All;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(Jobs);
        Browser = await Support.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
    }
}
