using System.Globalization;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>Bad input exits 2 with a message that says what to fix, before anything is created. (A few cases
/// through the real binary; the full corpus is the reliability suite's.)</summary>
[Collection(BakeCollection.Name)]
public sealed class BadInputTests(CliCloudFixture cloud)
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, env, kiln.yml ("" for none), what the message must say
        { "an env without a playbook", "stg", "", "env 'stg' has no playbook: expected playbooks/stg.yml" },
        { "a missing vault file", "dev", "ansible:\n  vault_password_file: secrets/vault.txt\n", "secrets/vault.txt" },
        { "a broken kiln.yml", "dev", "keep: [3\nansible: {}\n", "kiln.yml" },
        { "a family AWS would reject", "dev", "family: \"{account}_{env}\"\n", "may hold only lower-case letters, digits and '-'" },
        { "tests without commands or playbook", "dev", "tests:\n  timeout: 5m\n", "tests needs commands" },
        { "a test playbook that is not there", "dev", "tests:\n  playbook: tests/missing.yml\n", "tests.playbook 'tests/missing.yml' does not exist" },
        { "a test timeout that is not a duration", "dev", "tests:\n  commands: [\"true\"]\n  timeout: soon\n", "expected a duration" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_exits_2_naming_the_problem_and_creates_nothing(string name, string env, string kilnYml, string message)
    {
        var tree = PlaybookTrees.Tiny(cloud.Home);
        if (kilnYml != "") await File.WriteAllTextAsync(Path.Combine(tree, "kiln.yml"), kilnYml);
        var before = await cloud.Cloud.InventoryAsync();

        var result = await cloud.Kiln.RunAsync(["bake", BakeRun.NewAccount(), env, "api", "--dir", tree], null, BakeRun.Budget);

        Assert.True(result.ExitCode == 2, $"{name}: {result}");
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
    }

    [Fact]
    public async Task An_account_AWS_would_reject_exits_2()
    {
        var result = await cloud.Kiln.RunAsync(["bake", "Hoge!", "dev", "api", "--dir", PlaybookTrees.Tiny(cloud.Home)], null, BakeRun.Budget);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("account 'Hoge!' may hold only lower-case letters, digits and '-'", result.Stderr);
    }

    [Fact]
    public async Task A_second_bake_in_the_same_minute_exits_2_and_never_makes_a_second_image_of_one_name()
    {
        var account = BakeRun.NewAccount();
        var family = $"{account}-dev-api-base";
        var tree = PlaybookTrees.Tiny(cloud.Home);
        var first = (await BakeRun.RunAsync(cloud.Kiln, account, tree)).Succeeded();
        // The second bake must land on a taken name even when the clock has just passed a minute: the names of this
        // minute and the next are taken too (made directly through EC2 when the first bake did not make them).
        var now = DateTime.UtcNow;
        var taken = new[] { now, now.AddMinutes(1) }.Select(t => $"{family}-{t.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}")
            .Where(n => n != first.ImageName).ToArray();
        if (taken.Length > 0) await cloud.Cloud.MakeImagesAsync(cloud.BaseImageId, taken);
        var before = await cloud.Cloud.InventoryAsync();

        // --force: the same tree again would otherwise be up to date and make nothing.
        var second = await cloud.Kiln.RunAsync(["bake", account, "dev", "api", "--dir", tree, "--force"], null, BakeRun.Budget);

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Matches($"an image named '{family}-\\d{{8}}-\\d{{4}}' already exists", second.Stderr);
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
        var names = (await cloud.Cloud.OwnImagesAsync($"{family}-*")).Select(i => i.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
    }
}
