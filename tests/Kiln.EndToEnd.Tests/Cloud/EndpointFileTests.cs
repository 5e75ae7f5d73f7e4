using System.Text.Json;
using Kiln.Core;
using Kiln.LocalCloud;

namespace Kiln.EndToEnd.Tests.Cloud;

/// <summary>endpoint.json belongs to the `kiln local-cloud serve` that wrote it: a second, short-lived serve on the
/// same KILN_HOME neither replaces it nor deletes it when it stops, so every later command still finds the first.</summary>
[Collection(BuildCollection.Name)]
public sealed class EndpointFileTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task A_second_serve_on_the_same_home_leaves_the_first_ones_endpoint_file_alone()
    {
        var file = new LocalCloudLayout(new KilnPaths(cloud.Home)).EndpointFile;
        var before = await File.ReadAllTextAsync(file);
        var owner = JsonDocument.Parse(before).RootElement.GetProperty("processId").GetInt32();
        var endpoint = JsonDocument.Parse(before).RootElement.GetProperty("endpoint").GetString()!;

        using (var second = cloud.Kiln.Start(["local-cloud", "serve", "--quiet"]))
        {
            var said = await second.WaitForLineAsync(l => l.StartsWith("another local cloud", StringComparison.Ordinal)
                || l.StartsWith("local cloud listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            Assert.StartsWith("another local cloud of this KILN_HOME serves at", said);
            Assert.NotEqual(owner, second.Pid);
            Assert.Equal(before, await File.ReadAllTextAsync(file));
            second.Signal(Cli.KilnProcess.SIGTERM);
            Assert.Equal(0, (await second.WaitAsync(TimeSpan.FromSeconds(60))).ExitCode);
        }

        Assert.Equal(before, await File.ReadAllTextAsync(file));
        var status = await cloud.Kiln.RunAsync("local-cloud", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"local cloud: serving on {endpoint}", status.Stdout);
    }
}
