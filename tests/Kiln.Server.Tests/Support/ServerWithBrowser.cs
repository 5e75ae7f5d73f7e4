namespace Kiln.Server.Tests.Support;

/// <summary>A test server with the test jobs and a headless Chromium, for the tests that drive the UI as people do.</summary>
public abstract class ServerWithBrowser : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;
    protected Browser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(TestJobs.All);
        Browser = await Support.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
    }
}
