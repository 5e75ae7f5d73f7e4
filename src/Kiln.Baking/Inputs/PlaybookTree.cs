using System.Security.Cryptography;
using System.Text;
using Kiln.Baking.Git;
using Kiln.Core.Baking;

namespace Kiln.Baking.Inputs;

/// <summary>One file of a playbook tree as git records it: mode (100644, 100755, 120000 for a link, 160000 for a
/// submodule), object id, path relative to the tree's root with '/'.</summary>
public sealed record TreeEntry(string Path, string Mode, string Oid);

/// <summary>The files of a playbook tree in a stable order (ordinal by path). A repository's commit is read from its
/// tree (`git ls-tree`, no file is read); a directory's files are hashed the way git hashes blobs, so a clean
/// checkout of a commit and the commit itself give the same entries. `.git` is never part of a tree.</summary>
public static class PlaybookTree
{
    /// <summary>The tree of the spec's playbooks; none when it has no playbooks.</summary>
    public static Task<IReadOnlyList<TreeEntry>> ReadFor(BakeSpec spec, CancellationToken ct) =>
        spec.Playbooks is { } origin ? ReadAsync(origin, ct) : Task.FromResult<IReadOnlyList<TreeEntry>>([]);

    public static Task<IReadOnlyList<TreeEntry>> ReadAsync(PlaybookOrigin origin, CancellationToken ct) =>
        origin.Repository is { } commit ? FromCommitAsync(commit, ct) : Task.Run(() => FromDirectory(origin.Root), ct);

    public static async Task<IReadOnlyList<TreeEntry>> FromCommitAsync(PlaybookCommit commit, CancellationToken ct)
    {
        var git = new GitCommand(new RepositoryUrl { Clean = commit.GitDirectory, Shown = commit.GitDirectory, IsLocal = true });
        var listed = await git.RunAsync(["--git-dir", commit.GitDirectory, "ls-tree", "-r", "-z", "--full-tree", commit.Commit], ct);
        if (!listed.Ok) throw new InvalidOperationException($"git ls-tree {commit.Commit} failed: {listed.Stderr}");
        var entries = new List<TreeEntry>();
        foreach (var record in listed.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "MODE TYPE OID\tPATH"
            var tab = record.IndexOf('\t');
            var head = record[..tab].Split(' ');
            entries.Add(new TreeEntry(record[(tab + 1)..], head[0], head[2]));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public static IReadOnlyList<TreeEntry> FromDirectory(string root)
    {
        var entries = new List<TreeEntry>();
        Walk(new DirectoryInfo(root), "", entries);
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    private static void Walk(DirectoryInfo dir, string prefix, List<TreeEntry> entries)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var item in dir.EnumerateFileSystemInfos("*", options))
        {
            if (item.Name == ".git") continue;
            var path = prefix + item.Name;
            if (item.LinkTarget is { } target)
                entries.Add(new TreeEntry(path, "120000", BlobId(Encoding.UTF8.GetBytes(target))));
            else if (item is DirectoryInfo sub)
                Walk(sub, path + "/", entries);
            else if (item is FileInfo file)
                entries.Add(new TreeEntry(path, Executable(file) ? "100755" : "100644", BlobId(file)));
        }
    }

    private static bool Executable(FileInfo file) =>
        !OperatingSystem.IsWindows() && (file.UnixFileMode & UnixFileMode.UserExecute) != 0;

    /// <summary>git's blob id: SHA-1 of "blob LENGTH\0" and the content.</summary>
    public static string BlobId(byte[] content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length}\0"));
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string BlobId(FileInfo file)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var stream = file.OpenRead();
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>One SHA-256 over the entries, in their order.</summary>
    public static string Digest(IEnumerable<TreeEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in entries) hash.AppendData(Encoding.UTF8.GetBytes($"{e.Mode} {e.Oid} {e.Path}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
