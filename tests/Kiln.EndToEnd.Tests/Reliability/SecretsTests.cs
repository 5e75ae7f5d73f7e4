using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text;
using Kiln.Baking.Testing;
using Kiln.EndToEnd.Tests.Cli;
using Xunit.Abstractions;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>A real bake of the article's tree (with its vault), with one more task that prints the vault's values:
/// then every place Kiln writes to is searched for every secret, on the EC2 and the Compute Engine lane. Files that
/// hold keys are 0600.</summary>
[Collection(InputsCollection.Name)]
public sealed class SecretsTests(ReliabilityCloud cloud, ITestOutputHelper output)
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <param name="cloudName">The lane: EC2 (`local`) or Compute Engine (`local-gcp`, the key in the instance's metadata).</param>
    [Theory]
    [InlineData("local")]
    [InlineData("local-gcp")]
    public async Task No_vault_value_vault_password_private_key_or_cloud_secret_key_reaches_any_log_record_output_or_file(string cloudName)
    {
        var tree = Playbooks.CopyFixture();
        await File.WriteAllTextAsync(Path.Combine(tree, "kiln.yml"), $"cloud: {cloudName}\n");
        // A careless task: it prints the secrets. Kiln must mask them wherever the line goes.
        await File.AppendAllTextAsync(Path.Combine(tree, "playbooks", "roles", "common", "tasks", "main.yml"), """

            - name: print the secrets (a careless task)
              debug: {msg: "db={{ db_password }} token={{ api_token }}"}
              tags: [dev-api]
            """);
        var vaultPassword = (await File.ReadAllTextAsync(Path.Combine(tree, "vault.txt"))).Trim();
        var vaultValues = await VaultValuesAsync(tree);
        Assert.Equal(2, vaultValues.Count);

        var account = Playbooks.NewAccount("hoge");
        using var bake = KilnProcess.Start(cloud.Home, ["bake", account, "dev", "api", "--dir", tree, "--json"],
            new Dictionary<string, string> { [PausePoints.Variable] = "provision:before" });
        var marker = await bake.WaitForLineAsync(l => l.StartsWith(PausePoints.Marker, StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        var pauseFile = Regex.Match(marker, @"delete (\S+) to go on").Groups[1].Value;
        var runDirectory = Path.GetDirectoryName(pauseFile)!;
        var keyFile = Path.Combine(runDirectory, "key.pem");
        var privateKey = await File.ReadAllTextAsync(keyFile);
        Assert.Equal(Mode0600, File.GetUnixFileMode(keyFile));
        Assert.Equal(Mode0700, File.GetUnixFileMode(runDirectory));
        File.Delete(pauseFile);
        var result = await bake.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Stderr.Split('\n'), l => l.Contains("db=*** token=***", StringComparison.Ordinal));
        Assert.False(File.Exists(keyFile), "the temporary key outlived the bake");

        var run = await Runs.NewestRunOfAsync(cloud, $"{account}-dev-api-base");
        var places = new Dictionary<string, byte[]>
        {
            ["bake --json stdout"] = Encoding.UTF8.GetBytes(result.Stdout),
            ["bake console (stderr)"] = Encoding.UTF8.GetBytes(result.Stderr),
            ["runs show --json"] = Encoding.UTF8.GetBytes((await cloud.KilnAsync("runs", "show", run, "--json")).Output),
            ["runs show"] = Encoding.UTF8.GetBytes((await cloud.KilnAsync("runs", "show", run)).Output),
            ["runs log"] = Encoding.UTF8.GetBytes((await cloud.KilnAsync("runs", "log", run)).Output),
            ["runs --json"] = Encoding.UTF8.GetBytes((await cloud.KilnAsync("runs", "--json")).Output),
            ["local cloud request log"] = Encoding.UTF8.GetBytes(string.Join('\n', cloud.ServeLog)),
        };
        // Every file under KILN_HOME (the history database and its WAL, the local cloud's state, run directories),
        // except the one file whose job is to hold the local cloud's key.
        var credentials = Path.Combine(cloud.Home, "local-cloud", "credentials.json");
        foreach (var file in Directory.EnumerateFiles(cloud.Home, "*", SearchOption.AllDirectories).Where(f => f != credentials))
            places[Path.GetRelativePath(cloud.Home, file)] = await File.ReadAllBytesAsync(file);

        var secrets = new Dictionary<string, string>
        {
            ["vault password"] = vaultPassword,
            ["local cloud secret key"] = cloud.Credentials.SecretKey,
            ["PRIVATE KEY block"] = "PRIVATE KEY",
        };
        foreach (var (name, value) in vaultValues) secrets[$"vault value {name}"] = value;
        var keyLines = privateKey.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keyLines);
        for (var i = 0; i < keyLines.Count; i++) secrets[$"private key line {i + 1}"] = keyLines[i];

        var hits = (from place in places from secret in secrets
                    where Contains(place.Value, secret.Value)
                    select $"{secret.Key} in {place.Key}").ToList();
        Assert.True(hits.Count == 0, string.Join("\n", hits));

        Assert.Equal(Mode0600, File.GetUnixFileMode(credentials));
        Assert.Equal(Mode0700, File.GetUnixFileMode(Path.GetDirectoryName(credentials)!));
        output.WriteLine($"{secrets.Count} secrets searched in {places.Count} places ({places.Values.Sum(v => v.Length) / 1024} KiB): 0 hits; bake {result.Elapsed.TotalSeconds:0.0} s");
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    /// <summary>The vault's values, read the way an operator would: `ansible-vault view`.</summary>
    private static async Task<Dictionary<string, string>> VaultValuesAsync(string tree)
    {
        var start = new ProcessStartInfo("ansible-vault")
            { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "view", "--vault-password-file", Path.Combine(tree, "vault.txt"), Path.Combine(tree, "playbooks", "group_vars", "secrets.yml") })
            start.ArgumentList.Add(a);
        start.Environment["PAGER"] = "cat";
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        return text.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[1].Trim().Length > 0)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"', '\''));
    }
}
