using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Baking.Inputs;

/// <summary>A bake's spec, source image and playbook tree → its <see cref="BakeInputs"/>. The entries: the playbook
/// files, kiln.yml, the resolved Ansible command line (paths relative to the tree), the extra vars, the vault password
/// files (a slow salted hash, never their content), the other provisioners with the content of any file they name
/// outside the tree, the launch settings, the image tests (when there are any), and the version of the bake logic. The Ansible strategy is not an input:
/// it changes how fast a playbook runs, not what it makes.</summary>
public static class InputsReader
{
    public const string Files = "playbook files", KilnYml = "kiln.yml", Ansible = "ansible command line", Vars = "extra vars",
        Vault = "vault password", Provisioners = "other provisioners", Launch = "launch settings", Tests = "image tests";

    /// <summary>The launch settings as digested (the names and order are the digest's: changing them makes every
    /// family stale).</summary>
    internal sealed record LaunchInputs(string InstanceType, RootVolume RootVolume, string User, int Port, string? UserData, LaunchSpec Launch);

    /// <summary>The image tests as digested (the same rule).</summary>
    internal sealed record TestsInputs(IReadOnlyList<string> Commands, TimeSpan Timeout, string? Playbook);

    public static BakeInputs Read(BakeSpec spec, string source, IReadOnlyList<TreeEntry> tree)
    {
        var root = spec.Playbooks?.Root;
        var ansible = spec.Provisioners.OfType<AnsibleProvisionerSpec>().ToList();
        var vaultFiles = ansible.SelectMany(a => a.VaultPasswordFiles).Distinct().ToList();
        var hidden = vaultFiles.Select(f => Relative(root, f)).ToHashSet();
        var files = tree.Where(e => !hidden.Contains(e.Path)).ToList();

        var vars = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in ansible) ExtraVars.Collect(a.ExtraArguments, root, spec.Family?.Name ?? "", vars);

        var others = spec.Provisioners.Where(p => p is not AnsibleProvisionerSpec).Append(spec.ErrorCleanupProvisioner).OfType<ProvisionerSpec>();
        var components = new Dictionary<string, string>
        {
            [Files] = PlaybookTree.Digest(files),
            [KilnYml] = tree.FirstOrDefault(e => e.Path == "kiln.yml")?.Oid ?? "none",
            [Ansible] = Hash(string.Join("\n", ansible.Select(a => Json(a with { Strategy = AnsibleStrategy.Mitogen, KeepInventoryFile = false }, root)
                + External(root, [a.PlaybookFile, a.GalaxyFile])))),
            [Vars] = Hash(string.Join("\n", vars.Select(v => $"{v.Key}={v.Value}"))),
            [Vault] = vaultFiles.Count == 0 ? "none" : VaultFingerprint.Of(vaultFiles, spec.Family?.Name ?? ""),
            [Provisioners] = Hash(string.Join("\n", others.Select(p => Json(p, root) + External(root, PathsOf(p))))),
            [Launch] = Hash(Json(new LaunchInputs(spec.InstanceType, spec.RootVolume, spec.Ssh.User, spec.Ssh.Port, spec.UserData, spec.Launch), root)),
        };
        // Present only when the bake has tests, so that the digest of a bake without them is what it always was.
        if (spec.Tests is { } tests)
            components[Tests] = Hash(Json(new TestsInputs(tests.Commands, tests.Timeout,
                tests.Playbook is { } p ? Json(p, root) + External(root, [p.PlaybookFile]) : null), root));
        return new BakeInputs(source, components, files.ToDictionary(e => e.Path, e => $"{e.Mode} {e.Oid}"), vars);
    }

    private static IEnumerable<string?> PathsOf(ProvisionerSpec p) => p switch
    {
        ShellProvisionerSpec s => s.Scripts,
        AnsibleLocalProvisionerSpec l => l.LocalPaths(),
        FileProvisionerSpec f when !string.Equals(f.Direction, "download", StringComparison.OrdinalIgnoreCase) => f.Sources,
        _ => [],
    };

    /// <summary>The content of files named outside the tree (inside it, the tree's digest has them already).</summary>
    private static string External(string? root, IEnumerable<string?> paths)
    {
        var text = new StringBuilder();
        foreach (var path in paths.OfType<string>())
        {
            if (root is not null && Inside(root, path)) continue;
            var full = Path.GetFullPath(path);
            var digest = File.Exists(full) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)))
                : Directory.Exists(full) ? PlaybookTree.Digest(PlaybookTree.FromDirectory(full)) : "missing";
            text.Append($"\n{full} {digest}");
        }
        return text.ToString();
    }

    /// <summary>A provisioner as JSON (its runtime type's properties in declaration order), the tree's root written `.`.</summary>
    private static string Json(object value, string? root)
    {
        // The context's options throw, naming the type, for one missing from InputsJson.
        var json = JsonSerializer.Serialize(value, InputsJson.Default.Options.GetTypeInfo(value.GetType()));
        if (root is null) return json;
        var escaped = JsonEncodedText.Encode(root.TrimEnd('/')).ToString();
        return json.Replace($"\"{escaped}\"", "\".\"", StringComparison.Ordinal).Replace(escaped + "/", "./", StringComparison.Ordinal);
    }

    internal static string Relative(string? root, string path) =>
        root is not null && Inside(root, path) ? Path.GetRelativePath(root, path).Replace('\\', '/') : path;

    private static bool Inside(string root, string path) =>
        Path.GetFullPath(path).StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
