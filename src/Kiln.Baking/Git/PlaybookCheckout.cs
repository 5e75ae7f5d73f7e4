using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking.Git;

/// <summary>A commit of a playbook repository checked out for one run: `git worktree add --detach` of the mirror into
/// RUN_DIR/playbooks. Disposing removes the work tree and its entry in the mirror; after `kill -9`, `kiln gc` removes
/// the run directory and <see cref="PruneAsync"/> the mirror's stale entry.</summary>
public sealed class PlaybookCheckout : IAsyncDisposable
{
    private readonly GitMirror _mirror;
    private readonly string _runDirectory;

    private PlaybookCheckout(GitMirror mirror, string runDirectory, string root, PlaybookCommit commit)
    {
        (_mirror, _runDirectory, Root, Commit) = (mirror, runDirectory, root, commit);
    }

    /// <summary>The work tree: the bake's playbook directory.</summary>
    public string Root { get; }
    public PlaybookCommit Commit { get; }
    public RepositoryUrl Url => _mirror.Url;
    public PlaybookOrigin Origin => new(Root, Commit);

    /// <summary>Fetches <paramref name="repository"/> into its mirror, resolves <paramref name="gitRef"/> and checks it
    /// out. Bad input (a URL that does not parse, a repository that cannot be fetched, an unknown ref) is a
    /// <see cref="KilnInputException"/>, and then no work tree exists.</summary>
    public static async Task<PlaybookCheckout> CreateAsync(KilnPaths paths, RunId run, string repository, string gitRef,
        string baseDirectory, CancellationToken ct)
    {
        var problems = new List<string>();
        var url = RepositoryUrl.Parse(repository, baseDirectory, out var problem);
        if (problem is not null) problems.Add(problem);
        if (!GitMirror.IsRefShape(gitRef))
            problems.Add($"--ref '{Core.Naming.NameRules.Printable(gitRef)}' is not a branch, tag or commit name");
        if (problems.Count > 0 || url is null) throw new KilnInputException(problems);

        var mirror = new GitMirror(paths, url);
        var runDirectory = paths.RunDirectory(run);
        var root = Path.Combine(runDirectory, "playbooks");
        using (await mirror.LockAsync(ct))
        {
            await mirror.UpdateAsync(ct);
            var commit = await mirror.ResolveAsync(gitRef, ct);
            if (commit is null)
            {
                var known = await mirror.SomeRefsAsync(ct);
                throw new KilnInputException($"ref '{gitRef}' is not a branch, tag or commit of {url.Shown}"
                    + (known.Count == 0 ? " (it has no branches or tags)" : $"; it has {string.Join(", ", known)}"));
            }
            KilnPaths.EnsurePrivateDirectory(runDirectory);
            var added = await mirror.Git.RunAsync(["--git-dir", mirror.GitDirectory, "worktree", "add", "--detach", "--quiet", "--", root, commit], ct);
            if (!added.Ok) throw new InvalidOperationException($"git worktree add of {commit} failed: {added.Stderr}");
            return new PlaybookCheckout(mirror, runDirectory, root, new PlaybookCommit(url.Clean, gitRef, commit, mirror.GitDirectory));
        }
    }

    public async ValueTask DisposeAsync()
    {
        var removed = await _mirror.Git.RunAsync(["--git-dir", _mirror.GitDirectory, "worktree", "remove", "--force", "--force", Root], CancellationToken.None);
        if (!removed.Ok)
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
            await PruneAsync(_mirror.GitDirectory, CancellationToken.None);
        }
        try { if (Directory.Exists(_runDirectory) && !Directory.EnumerateFileSystemEntries(_runDirectory).Any()) Directory.Delete(_runDirectory); }
        catch (IOException) { /* something else of the run is still in it */ }
    }

    /// <summary>Forgets work trees whose directories are gone (a run killed before it removed its own).</summary>
    public static async Task PruneAsync(string gitDirectory, CancellationToken ct) =>
        await new GitCommand(new RepositoryUrl { Clean = gitDirectory, Shown = gitDirectory, IsLocal = true })
            .RunAsync(["--git-dir", gitDirectory, "worktree", "prune"], ct);
}
