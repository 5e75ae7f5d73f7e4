using System.Diagnostics;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>The article's create_ami.sh, whole and unchanged but for its last line (`packer build` of packer.json
/// becomes `kiln build` of packer.pkr.hcl): the real AWS CLI and jq find the family's newest image on the local
/// cloud under the account's profile, the script's sed writes parameter.json, and Kiln builds the next generation
/// from it.</summary>
[Collection(BuildCollection.Name)]
public sealed partial class ArticleScriptTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task Create_ami_sh_pointed_at_the_hcl2_template_builds_the_next_generation()
    {
        var dir = PlaybookTrees.HogeCopy(cloud.Home);
        var account = BakeRun.NewAccount();
        var newest = (await cloud.Cloud.MakeImagesAsync(cloud.BaseImageId, $"{account}-dev-api-base-20180101-0000")).Single();

        var script = Path.Combine(dir, "create_ami.sh");
        var text = await File.ReadAllTextAsync(script);
        var edited = text.Replace("packer build \\", "kiln build \\").Replace("${PLAYBOOK_DIR}/packer.json", "${PLAYBOOK_DIR}/packer.pkr.hcl");
        Assert.Equal(2, text.Split('\n').Zip(edited.Split('\n')).Count(l => l.First != l.Second));
        await File.WriteAllTextAsync(script, edited);

        var result = await RunScriptAsync(dir, account, await AwsProfileAsync(account));

        Assert.True(result.Code == 0, result.Output);
        Assert.Contains($"SOURCEAMI_ID : {newest}", result.Output);
        var name = ImageName().Match(result.Output).Groups[1].Value;
        Assert.StartsWith($"{account}-dev-api-base-", name);
        var image = Assert.Single(await cloud.Cloud.OwnImagesAsync(name));
        Assert.Equal(newest, CloudProbe.Tags(image.Tags)[KilnTags.SourceImage]);
        var root = Assert.Single(image.BlockDeviceMappings, m => m.DeviceName == "/dev/xvda");
        Assert.Equal(50, root.Ebs.VolumeSize);
    }

    /// <summary>A profile named after the account, as the article's team has one per AWS account, for the local cloud.</summary>
    private async Task<Dictionary<string, string>> AwsProfileAsync(string account)
    {
        var env = await cloud.Kiln.RunAsync("local-cloud", "env");
        string Value(string name) => Regex.Match(env.Stdout, $"^export {name}=(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();
        var config = Path.Combine(cloud.Home, $"aws-config-{account}");
        var credentials = Path.Combine(cloud.Home, $"aws-credentials-{account}");
        await File.WriteAllTextAsync(config, $"[profile {account}]\nregion = {Value("AWS_DEFAULT_REGION")}\n");
        await File.WriteAllTextAsync(credentials,
            $"[{account}]\naws_access_key_id = {Value("AWS_ACCESS_KEY_ID")}\naws_secret_access_key = {Value("AWS_SECRET_ACCESS_KEY")}\n");
        return new()
        {
            ["AWS_CONFIG_FILE"] = config, ["AWS_SHARED_CREDENTIALS_FILE"] = credentials, ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ENDPOINT_URL_EC2"] = Value("AWS_ENDPOINT_URL_EC2"),
        };
    }

    private async Task<(int Code, string Output)> RunScriptAsync(string dir, string account, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "./create_ami.sh", account, "dev", "api" }) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        foreach (var k in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION" }) start.Environment.Remove(k);
        start.Environment["KILN_HOME"] = cloud.Home;
        start.Environment["PATH"] = Path.GetDirectoryName(KilnProcess.Binary) + ":" + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BakeRun.Budget);
        await bash.WaitForExitAsync(timeout.Token);
        return (bash.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"""ami_name"": ""(\S+)""")]
    private static partial Regex ImageName();
}
