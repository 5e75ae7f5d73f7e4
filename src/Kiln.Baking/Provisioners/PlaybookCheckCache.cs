using System.Security.Cryptography;
using System.Text;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>
/// Verdicts of <see cref="PlaybookTaskCheck"/> that found tasks, under KILN_HOME/cache/playbook-tasks, one empty file
/// per key. The key digests what the listing read: the arguments (tags, extra vars), the inventory, the environment
/// (the spec's and every ANSIBLE_* variable of Kiln's), ansible-playbook itself (path, size, time: a new ansible
/// rewrites it), and the name, size and modification time of every file in the playbook's tree (the working directory,
/// the playbook's directory, roles paths, ansible.cfg). A tree too large to walk quickly (over
/// <see cref="MaxFiles"/> files) gets no key, and is listed every time. A repository's checkout (a fresh work tree of
/// one commit in the run's own directory) is keyed by the commit instead: its files are the commit's, and its path
/// and times are new at every run.
/// </summary>
public sealed class PlaybookCheckCache(KilnPaths paths)
{
    public const int MaxFiles = 5000;
    private static readonly TimeSpan Unused = TimeSpan.FromDays(30);
    private string Directory => Path.Combine(paths.Home, "cache", "playbook-tasks");

    public string? Key(AnsibleProvisionerSpec spec, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> env,
        string inventory, PlaybookOrigin? origin = null)
    {
        var checkout = origin?.Repository is { } commit ? (Root: origin.Root.TrimEnd('/'), commit.Commit) : default;
        var text = new StringBuilder("kiln-playbook-tasks 1\n");
        foreach (var a in arguments) text.Append("arg ").Append(a).Append('\n');
        text.Append("inventory ").Append(inventory).Append('\n');
        text.Append("cwd ").Append(spec.WorkingDirectory ?? System.IO.Directory.GetCurrentDirectory()).Append('\n');
        // The scratch directory's paths change every time; what they hold does not.
        var variables = env.Where(e => e.Key is not ("ANSIBLE_SSH_CONTROL_PATH_DIR" or "ANSIBLE_INVENTORY_PLUGINS"))
            .Concat(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Where(e => e.Key is string k && (k.StartsWith("ANSIBLE_", StringComparison.Ordinal) || k is "HOME" or "PATH" or "PYTHONPATH"))
                .Select(e => new KeyValuePair<string, string>((string)e.Key, e.Value as string ?? "")));
        foreach (var (k, v) in variables.OrderBy(e => e.Key, StringComparer.Ordinal)) text.Append("env ").Append(k).Append('=').Append(v).Append('\n');
        if (Executable(AnsibleCommandLine.Program) is not { } program) return null;
        Stat(text, program);

        var budget = MaxFiles;
        var walked = new List<string>();
        if (checkout.Root is not null)
        {
            text.Append("commit ").Append(checkout.Commit).Append('\n');
            walked.Add(checkout.Root);
        }
        foreach (var root in Roots(spec))
        {
            if (walked.Any(w => Within(root, w))) continue;
            if (!Walk(text, root, ref budget)) return null;
            walked.Add(root);
        }
        var keyed = checkout.Root is null ? text.ToString() : text.ToString().Replace(checkout.Root, "@checkout", StringComparison.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(keyed))).ToLowerInvariant();
    }

    public bool IsKnownGood(string key)
    {
        var file = Path.Combine(Directory, key);
        if (!File.Exists(file)) return false;
        try { File.SetLastWriteTimeUtc(file, DateTime.UtcNow); }
        catch (IOException) { /* still a good verdict */ }
        return true;
    }

    public void RememberGood(string key)
    {
        try
        {
            KilnPaths.EnsurePrivateDirectory(Directory);
            File.WriteAllBytes(Path.Combine(Directory, key), []);
            // Keys of trees long gone: dropped when not used for a month.
            foreach (var old in new DirectoryInfo(Directory).EnumerateFiles().Where(f => DateTime.UtcNow - f.LastWriteTimeUtc > Unused))
                old.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a cache: the next bake lists again */ }
    }

    /// <summary>Where the listing reads files: ansible.cfg (ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg,
    /// /etc/ansible/ansible.cfg), the working and playbook directories, roles paths and the inventory's directory.</summary>
    private static IEnumerable<string> Roots(AnsibleProvisionerSpec spec)
    {
        var cwd = spec.WorkingDirectory ?? System.IO.Directory.GetCurrentDirectory();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (Environment.GetEnvironmentVariable("ANSIBLE_CONFIG") is { Length: > 0 } config) yield return Path.GetFullPath(config, cwd);
        yield return Path.Combine(home, ".ansible.cfg");
        yield return "/etc/ansible/ansible.cfg";
        yield return cwd;
        yield return Path.GetDirectoryName(Path.GetFullPath(spec.PlaybookFile, cwd))!;
        foreach (var roles in (spec.RolesPath ?? Environment.GetEnvironmentVariable("ANSIBLE_ROLES_PATH") ?? "")
                     .Split(':', StringSplitOptions.RemoveEmptyEntries))
            yield return Path.GetFullPath(roles.Replace("~", home), cwd);
        yield return Path.Combine(home, ".ansible", "roles");
        if (spec.InventoryDirectory is { } inventory) yield return Path.GetFullPath(inventory, cwd);
    }

    private static bool Within(string path, string root) => path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static bool Walk(StringBuilder text, string root, ref int budget)
    {
        if (File.Exists(root)) { Stat(text, root); return --budget > 0; }
        if (!System.IO.Directory.Exists(root)) { text.Append("absent ").Append(root).Append('\n'); return true; }
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try { entries = directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var entry in entries)
            {
                if (--budget <= 0) return false;
                if (entry is DirectoryInfo sub) { if (sub.Name != ".git") pending.Push(sub); continue; }
                text.Append(entry.FullName).Append(' ').Append(((FileInfo)entry).Length).Append(' ')
                    .Append(entry.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }
        return true;
    }

    private static void Stat(StringBuilder text, string file)
    {
        var info = new FileInfo(file);
        text.Append(file).Append(' ').Append(info.Exists ? info.Length : -1).Append(' ')
            .Append(info.Exists ? info.LastWriteTimeUtc.Ticks : 0).Append('\n');
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
