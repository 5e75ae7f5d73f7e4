using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>The real AWS CLI against the collection's local cloud, with the environment `kiln local-cloud env`
/// prints; `--region` picks the region as it does on AWS.</summary>
public sealed class AwsCli(Dictionary<string, string> environment)
{
    public static async Task<AwsCli> ForAsync(CliCloudFixture cloud)
    {
        var env = await cloud.Kiln.RunAsync("local-cloud", "env");
        var values = Regex.Matches(env.Stdout, "^export ([A-Z_0-9]+)=(.*)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim().Trim('\'', '"'));
        return new AwsCli(values);
    }

    /// <summary>Runs `aws ec2 ARGS --region REGION --output json`; null with the error text when it fails.</summary>
    public async Task<(JsonElement? Json, string Error)> Ec2Async(string region, params string[] args)
    {
        var psi = new ProcessStartInfo("aws", ["ec2", .. args, "--region", region, "--output", "json"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        psi.Environment["AWS_PAGER"] = "";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) return (null, await stderr);
        var text = await stdout;
        return (text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone(), "");
    }

    public async Task<JsonElement> MustAsync(string region, params string[] args)
    {
        var (json, error) = await Ec2Async(region, args);
        Assert.True(json is not null, $"aws ec2 {string.Join(' ', args)} --region {region}: {error}");
        return json!.Value;
    }
}
