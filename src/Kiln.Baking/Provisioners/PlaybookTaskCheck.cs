using Kiln.Baking.Processes;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>
/// Whether an ansible provisioner's playbook, with its arguments (the article's `--tags {env}-{category}`, kiln.yml's
/// own tags, or none), selects at least one task: a typo such as `kiln bake hoge dev ap` otherwise bakes an image that
/// carries nothing of the playbook. `ansible-playbook --list-tasks` answers without a host, with the bake's own
/// inventory, environment and working directory. It costs ansible-playbook's start (about 0.7 s of CPU here), so a
/// verdict that found tasks is kept under KILN_HOME keyed by everything it read (<see cref="PlaybookCheckCache"/>),
/// a playbook whose YAML plainly shows a selected task needs no listing (<see cref="StaticTaskProof"/>), and the check
/// is started before the cloud connects (<see cref="StartAll"/>).
/// A listing that fails (a playbook that does not parse, roles a galaxy file installs later) proves nothing here:
/// the play itself reports it, as before.
/// </summary>
public static class PlaybookTaskCheck
{
    /// <summary>Starts the checks of every ansible provisioner of <paramref name="spec"/> (not the error-cleanup one:
    /// it bakes nothing); the task's result is the problems found, empty when all select a task.</summary>
    public static Task<IReadOnlyList<string>> StartAll(BakeSpec spec, KilnPaths paths, CancellationToken ct)
    {
        var checks = spec.Provisioners.OfType<AnsibleProvisionerSpec>().Where(a => a.GalaxyFile is null)
            .Select(a => Task.Run(() => CheckAsync(a, paths, ct, spec.Playbooks), CancellationToken.None)).ToList();
        return checks.Count == 0 ? Task.FromResult<IReadOnlyList<string>>([]) : Gather(checks);
    }

    private static async Task<IReadOnlyList<string>> Gather(List<Task<string?>> checks) =>
        (await Task.WhenAll(checks)).OfType<string>().ToList();

    /// <summary>One provisioner: null when its playbook selects a task (or the listing failed), else the problem.</summary>
    /// <param name="origin">Where the playbooks come from: a repository's checkout is keyed by its commit, not by its
    /// run's own work tree path.</param>
    public static async Task<string?> CheckAsync(AnsibleProvisionerSpec spec, KilnPaths paths, CancellationToken ct,
        PlaybookOrigin? origin = null)
    {
        if (!File.Exists(spec.PlaybookFile)) return null; // StepCheckInputs names a missing playbook
        var scratch = Directory.CreateTempSubdirectory("kiln-tasks-").FullName;
        try
        {
            var inventory = Path.Combine(spec.InventoryDirectory ?? scratch, $"inventory-{Guid.NewGuid().ToString("N")[..8]}.yml");
            KilnPaths.WritePrivateFile(inventory, AnsibleInventory.Render(
                new InventoryHost(spec.HostAlias, EarlyAnsible.PendingAddress, 22, spec.User ?? "root", "/dev/null"), spec.Groups));
            try
            {
                var args = AnsibleCommandLine.Arguments(new AnsibleInvocation(spec.PlaybookFile, inventory, "/dev/null",
                    spec.ExtraArguments, spec.PackerExtraVars));
                // The strategy plays no part in a listing; plain needs no plugin path.
                var env = new Dictionary<string, string>(AnsibleEnvironment.For(spec with { Strategy = AnsibleStrategy.Plain }, scratch, color: false, null));
                InventoryPlugin.AddTo(env, await InventoryPlugin.WriteAsync(Path.Combine(scratch, "inventory-plugins"), ct));
                var cache = new PlaybookCheckCache(paths);
                var key = cache.Key(spec, args.Where(a => a != inventory), env, File.ReadAllText(inventory), origin);
                if (key is not null && cache.IsKnownGood(key)) return null;
                if (StaticTaskProof.SelectsATask(spec.PlaybookFile, args))
                {
                    if (key is not null) cache.RememberGood(key);
                    return null;
                }

                var (code, lines) = await ListAsync(args, env, spec.WorkingDirectory, "--list-tasks", ct);
                if (code != 0) return null;
                if (TaskListing.CountTasks(lines) > 0)
                {
                    if (key is not null) cache.RememberGood(key);
                    return null;
                }
                var (tagsCode, tagLines) = await ListAsync(TaskListing.WithoutTagFilters(args), env, spec.WorkingDirectory, "--list-tags", ct);
                return Problem(spec, tagsCode == 0 ? TaskListing.Tags(tagLines) : null);
            }
            finally
            {
                File.Delete(inventory);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no ansible-playbook: the provisioner says so when it runs
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    internal static string Problem(AnsibleProvisionerSpec spec, IReadOnlyList<string>? existing)
    {
        var requested = TaskListing.RequestedTags(spec.ExtraArguments);
        var playbook = Path.GetFileName(spec.PlaybookFile);
        var what = requested.Count == 0
            ? $"playbook {spec.PlaybookFile} has no task to run, so the image would carry nothing of it"
            : $"--tags {string.Join(',', requested)} selects no task of playbook {spec.PlaybookFile}, so the image would carry nothing of it";
        if (existing is null) return what + $": check the category name or the tags (ansible-playbook --list-tags {playbook})";
        if (existing.Count == 0) return what + $"; {playbook} has no tags: check the category name, or set ansible.tags: [] in kiln.yml";
        var guesses = requested.Where(t => !existing.Contains(t)).Select(t => TaskListing.Closest(t, existing)).OfType<string>().Distinct().ToList();
        var hint = guesses.Count > 0 ? $"; did you mean {string.Join(" or ", guesses)}?" : "";
        return what + $". Its tags: {string.Join(", ", existing)}{hint}";
    }

    private static async Task<(int Code, List<string> Lines)> ListAsync(IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> env, string? workingDirectory, string listing, CancellationToken ct)
    {
        var lines = new List<string>();
        var result = await ChildProcess.RunAsync(
            new ProcessSpec(AnsibleCommandLine.Program, [.. args, listing]) { Environment = env, WorkingDirectory = workingDirectory },
            (stream, line) => { if (stream == "stdout") lock (lines) lines.Add(line); }, ct);
        return (result.ExitCode, lines);
    }
}
