using System.Text.RegularExpressions;
using Kiln.Core;

namespace Kiln.Baking.Git;

/// <summary>One bare mirror per repository URL under KILN_HOME/git, made by `git clone --mirror` and brought up to
/// date by `git fetch` at every bake. Fetching, resolving a ref and adding a work tree happen under an exclusive lock
/// on the mirror (flock on NAME.lock): two bakes of one repository at once take turns for those few milliseconds,
/// then each bakes from its own work tree.</summary>
public sealed partial class GitMirror
{
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(50);

    public GitMirror(KilnPaths paths, RepositoryUrl url)
    {
        Url = url;
        Git = new GitCommand(url);
        GitDirectory = Path.Combine(Root(paths), url.MirrorName);
    }

    public RepositoryUrl Url { get; }
    public GitCommand Git { get; }
    public string GitDirectory { get; }

    public static string Root(KilnPaths paths) => Path.Combine(paths.Home, "git");

    /// <summary>Holds the mirror's lock until disposed; waits for another process that holds it.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(GitDirectory)!);
        var path = GitDirectory[..^".git".Length] + ".lock";
        while (true)
        {
            // FileShare.None takes an exclusive flock on Linux; a second holder gets an IOException.
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { await Task.Delay(LockPoll, ct); }
        }
    }

    /// <summary>Clones the mirror (into a temporary name first, so a failed clone leaves nothing) or fetches into it.
    /// Call under <see cref="LockAsync"/>. A repository that cannot be fetched is bad input: nothing was baked.</summary>
    public async Task UpdateAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(GitDirectory, "HEAD")))
        {
            var fetch = await Git.RunAsync(["--git-dir", GitDirectory, "fetch", "--prune", "--quiet", "origin"], ct);
            if (!fetch.Ok) throw Unreachable(fetch);
            return;
        }
        var temporary = $"{GitDirectory}.new-{Environment.ProcessId}";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        var clone = await Git.RunAsync(["clone", "--mirror", "--quiet", "--", Url.Clean, temporary], ct);
        if (!clone.Ok)
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw Unreachable(clone);
        }
        Directory.Move(temporary, GitDirectory);
    }

    /// <summary>The commit a branch, tag or commit id names, or null when the repository has no such ref.</summary>
    public async Task<string?> ResolveAsync(string gitRef, CancellationToken ct)
    {
        var parsed = await Git.RunAsync(["--git-dir", GitDirectory, "rev-parse", "--verify", "--quiet", "--end-of-options", gitRef + "^{commit}"], ct);
        var commit = parsed.Stdout.Trim();
        return parsed.Ok && CommitId().IsMatch(commit) ? commit : null;
    }

    /// <summary>A few branches and tags, newest first, to name in an "unknown ref" message.</summary>
    public async Task<IReadOnlyList<string>> SomeRefsAsync(CancellationToken ct)
    {
        var listed = await Git.RunAsync(["--git-dir", GitDirectory, "for-each-ref", "--sort=-committerdate", "--count=8",
            "--format=%(refname:short)", "refs/heads", "refs/tags"], ct);
        return listed.Ok ? listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>A ref as git accepts it on a command line: no option, no space, no control character.</summary>
    public static bool IsRefShape(string gitRef) => RefShape().IsMatch(gitRef) && !gitRef.Contains("..", StringComparison.Ordinal);

    private KilnInputException Unreachable(GitCommand.Output output) =>
        new($"repository {Url.Shown} could not be fetched: {FirstLines(output.Stderr)}; check the URL, and your git and ssh set-up for its credentials");

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "git gave no reason" : string.Join(" ", lines.Take(3));
    }

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$")] private static partial Regex CommitId();
    [GeneratedRegex(@"^[A-Za-z0-9_./@+-][A-Za-z0-9_./@+~^{}-]{0,254}$")] private static partial Regex RefShape();
}
