using Kiln.Baking.Processes;
using YamlDotNet.RepresentationModel;

namespace Kiln.Baking.Provisioners;

/// <summary>Finds the values ansible may print that must never be shown: the vault password, and every value in
/// ansible-vault encrypted files under the playbook directory. Decrypted text stays in memory; it is never written.</summary>
public static class VaultSecrets
{
    public const string Header = "$ANSIBLE_VAULT";
    private const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Every scalar value of a YAML document (keys are names, not secrets). Text that is not YAML is
    /// returned whole, line by line masked by the masker.</summary>
    public static IReadOnlyList<string> ScalarValues(string yaml)
    {
        var values = new List<string>();
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            foreach (var doc in stream.Documents) Collect(doc.RootNode, values);
        }
        // YamlDotNet's scanner throws InvalidOperationException on a flow collection left open across lines.
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException) { values.Add(yaml); }
        return values;
    }

    private static void Collect(YamlNode node, List<string> values)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { Length: > 0 } v }: values.Add(v); break;
            case YamlSequenceNode seq: foreach (var child in seq) Collect(child, values); break;
            case YamlMappingNode map: foreach (var (_, value) in map) Collect(value, values); break;
        }
    }

    private static bool IsPlainFile(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0;

    public static bool IsVaultFile(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[Header.Length];
            return file.Length <= MaxFileBytes && file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length
                && System.Text.Encoding.ASCII.GetString(buffer) == Header;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public static IEnumerable<string> VaultFilesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(IsVaultFile);

    /// <summary>The password files' contents and the values of every vault file under <paramref name="directory"/>,
    /// decrypted with `ansible-vault view`.</summary>
    public static async Task<IReadOnlyList<string>> CollectAsync(string directory, IReadOnlyList<string> passwordFiles,
        CancellationToken ct)
    {
        var secrets = new List<string>();
        foreach (var file in passwordFiles.Where(File.Exists)) secrets.Add((await File.ReadAllTextAsync(file, ct)).Trim());
        if (passwordFiles.Count == 0 || !Directory.Exists(directory)) return secrets;
        // Plain password files (not scripts ansible would run) open the vaults in-process.
        var passwords = passwordFiles.All(IsPlainFile) ? secrets.ToList() : null;
        foreach (var vault in VaultFilesUnder(directory))
        {
            if (passwords is not null)
            {
                var content = await File.ReadAllTextAsync(vault, ct);
                if (passwords.Select(p => VaultDecryptor.TryDecrypt(content, p)).FirstOrDefault(t => t is not null) is { } opened)
                {
                    secrets.AddRange(ScalarValues(opened));
                    continue;
                }
            }
            var text = new System.Text.StringBuilder();
            var args = passwordFiles.SelectMany(p => new[] { "--vault-password-file", p }).Prepend("view").Append(vault).ToList();
            var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-vault", args) { Environment = new Dictionary<string, string> { ["PAGER"] = "cat" } },
                (stream, line) => { if (stream == "stdout") text.Append(line).Append('\n'); }, ct);
            // A file this password does not open cannot be printed by ansible either: nothing to mask.
            if (result.ExitCode == 0) secrets.AddRange(ScalarValues(text.ToString()));
        }
        return secrets;
    }
}
