using Amazon.EC2.Model;
using Kiln.EndToEnd.Tests.Cli;
using Xunit.Abstractions;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>Two bakes of one family started together: the family lock lets one through; the other is refused at
/// once, or waits (KILN_FAMILY_WAIT_SECONDS) and then bakes or is refused by name. Never two images of one name.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ConcurrentBakeTests(ReliabilityCloud cloud, ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(600)]
    public async Task Two_bakes_of_one_family_started_together_never_make_two_images_of_one_name(int waitSeconds)
    {
        var tiny = Playbooks.Tiny();
        var account = Playbooks.NewAccount("c");
        var env = new Dictionary<string, string> { ["KILN_FAMILY_WAIT_SECONDS"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        // --force: the one that waits would otherwise find the other's image baked from the same inputs and make nothing.
        using var first = KilnProcess.Start(cloud.Home, ["bake", account, "dev", "api", "--dir", tiny, "--force"], env);
        using var second = KilnProcess.Start(cloud.Home, ["bake", account, "dev", "api", "--dir", tiny, "--force"], env);
        var results = await Task.WhenAll(first.WaitAsync(TimeSpan.FromMinutes(5)), second.WaitAsync(TimeSpan.FromMinutes(5)));

        var done = results.Where(r => r.ExitCode == 0).ToList();
        var refused = results.Where(r => r.ExitCode != 0).ToList();
        Assert.True(done.Count >= 1, string.Join("\n\n", results));
        foreach (var r in refused)
        {
            Assert.Equal(2, r.ExitCode);
            Assert.DoesNotContain("   at ", r.Output);
            if (waitSeconds == 0) Assert.Contains($"another run is baking family '{account}-dev-api-base'", r.Stderr);
            else
            {
                Assert.Contains("waiting up to 600 s", r.Stdout);
                Assert.Contains("already exists", r.Stderr);
            }
        }
        if (waitSeconds == 0) Assert.Single(refused);

        var images = await cloud.Cloud.Ec2CallAsync((ec2, c) => ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["self"], Filters = [new Filter("name", [$"{account}-dev-api-base-*"])],
        }, c), CancellationToken.None);
        var names = (images.Images ?? []).Select(i => i.Name).ToList();
        Assert.Equal(done.Count, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Empty(await cloud.LeftoversAsync());
        output.WriteLine($"wait {waitSeconds} s: exits {string.Join(", ", results.Select(r => r.ExitCode))}; images {string.Join(", ", names)}; " +
            $"{string.Join("; ", refused.Select(r => r.Stderr.Trim().Split('\n').Last()))}");
    }
}
