using Kiln.Baking.Inputs;
using Kiln.Baking.Provisioners;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the spec, local files, `ansible-playbook --list-tasks` (the tags select a task) and read-only cloud
/// calls; produces the source image, the image to replace, the lineage, the inputs' digest and the network the
/// launch's filters chose, or a
/// <see cref="KilnInputException"/> listing every problem. Nothing is created before it passes. When the family's
/// newest image was baked from the same inputs the plan ends here, whatever else it found (a bake that makes nothing
/// needs no free name).</summary>
public sealed class StepCheckInputs(BakeContext c,
    Func<BakeContext, BakeState, CancellationToken, Task<IEnumerable<string>>>? cloudChecks = null) : IStep<BakeState>
{
    public string Name => "check inputs";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var spec = state.Spec;
        var problems = new List<string>();
        if (c.Cloud is IInstanceImages && NameRules.ImageNameProblem(spec.ImageName) is { } nameProblem) problems.Add(nameProblem);
        if (spec.Keep is < 1) problems.Add($"keep is {spec.Keep}: keep at least 1 generation");
        if (string.IsNullOrWhiteSpace(spec.InstanceType)) problems.Add("instance type is empty: give one such as t2.nano");
        foreach (var p in spec.Provisioners.Append(spec.ErrorCleanupProvisioner).OfType<ProvisionerSpec>())
            problems.AddRange(LocalProblems(p));

        // Independent reads, asked together: this step is on every bake's critical path.
        var listing = c.Cloud.FindImagesAsync(spec.ImageName, ct);
        var resolving = SourceResolver.ResolveAsync(c.Cloud, spec.Source, ct);
        var lineage = spec.Playbooks?.Repository is { } commit ? Task.FromResult(new Lineage.PlaybookLineage(commit.Commit, false))
            : Lineage.PlaybookLineage.ReadAsync(spec.LineageDirectory, ct);
        var mitogen = UsesMitogen(spec) ? MitogenLocator.StrategyPluginsAsync() : Task.FromResult<string?>("");
        var tasks = state.PlaybookCheck ?? PlaybookTaskCheck.StartAll(spec, c.Paths, ct);
        var cloudProblems = cloudChecks?.Invoke(c, state, ct) ?? Task.FromResult(Enumerable.Empty<string>());
        var tree = state.PlaybookTree ?? PlaybookTree.ReadFor(spec, ct);
        // The inputs' entries (JSON of the spec's parts, file digests, a vault fingerprint) take tens of milliseconds of
        // CPU: read while the cloud answers; the source image's id is set once known.
        var inputs = Task.Run(async () => InputsReader.Read(spec, "", await tree), ct);
        var family = spec.Family is { } f ? c.Cloud.FindImagesAsync(f.NameFilter, ct) : Task.FromResult<IReadOnlyList<CloudImage>>([]);
        var keyPair = KeyPairProblemAsync(spec, ct);
        var bastion = spec.Ssh.Bastion is { } b ? Ssh.SshBastionCommand.ProblemAsync(b, ct) : Task.FromResult<string?>(null);
        var network = c.Cloud is INetworks networks ? NetworkResolver.ResolveAsync(networks, spec.Launch, Random.Shared, ct)
            : Task.FromResult<(ResolvedNetwork? Network, IReadOnlyList<string> Problems)>((null, []));
        try { await Task.WhenAll(listing, resolving, lineage, mitogen, tasks, cloudProblems, tree, family, keyPair, network, bastion); }
        catch (CloudException e) when (e.IsNotFound && cloudProblems.IsCompletedSuccessfully && cloudProblems.Result.Any())
        {
            // A project or zone that does not exist fails the other reads too (Compute Engine answers notFound for
            // the project): the cloud checks say what is wrong, and that is bad input, not a failed bake.
            throw new KilnInputException([.. problems, .. cloudProblems.Result]);
        }
        problems.AddRange(tasks.Result);
        problems.AddRange(cloudProblems.Result);
        if (keyPair.Result is { } keyProblem) problems.Add(keyProblem);
        if (bastion.Result is { } bastionProblem) problems.Add(bastionProblem);
        problems.AddRange(network.Result.Problems);
        state.Network = network.Result.Network;
        // Found now, not when Ansible starts: a missing plugin must cost nothing, and the bake never falls back to
        // another strategy on its own (a half-applied playbook is not re-run another way).
        if (mitogen.Result is null)
            problems.Add("the Ansible strategy is mitogen, but Debian's ansible-mitogen package is not installed: apt-get install ansible-mitogen, or choose another strategy (--ansible-strategy pipelining, ansible.strategy in kiln.yml)");

        var taken = listing.Result.FirstOrDefault(i => i.Name == spec.ImageName && i.State != ImageState.Deregistered);
        if (taken is not null && !spec.ForceDeregister)
            problems.Add($"an image named '{spec.ImageName}' already exists ({taken.Id}): choose another name, wait a minute for a new timestamp, or set force_deregister");
        state.ImageToReplace = spec.ForceDeregister ? taken : null;

        var source = resolving.Result;
        if (source.Problem is not null) problems.Add(source.Problem);
        else
        {
            state.SourceImage = source.Image;
            state.Inputs = (await inputs) with { Source = source.Image!.Id.Value };
            var newest = spec.Family is { } fam ? SourceSelection.NewestOfFamily(fam, family.Result) : null;
            await UpToDateCheck.RunAsync(c, state, newest, ct);
        }
        if (problems.Count > 0) throw new KilnInputException(problems);

        state.Lineage = lineage.Result;
        c.Log.Info($"Source image: {source.Image!.Id} ({source.Image.Name}; {source.How})");
    }

    /// <summary>ssh_keypair_name names a key pair the cloud holds (DescribeKeyPairs, a read): a typo costs nothing.</summary>
    private async Task<string?> KeyPairProblemAsync(BakeSpec spec, CancellationToken ct)
    {
        if (spec.Login.KeyPairName is not { } name || c.Cloud is not IKeyPairs keyPairs) return null;
        if (await keyPairs.KeyPairExistsAsync(name, ct)) return null;
        return $"{spec.Login.KeyPairNameAt ?? "ssh_keypair_name"}: key pair '{NameRules.Printable(name)}' does not exist in {spec.Cloud.Region}: " +
               "import its public key (aws ec2 import-key-pair) or name a key pair of that region";
    }

    private static bool UsesMitogen(BakeSpec spec) =>
        spec.Provisioners.Append(spec.ErrorCleanupProvisioner).OfType<AnsibleProvisionerSpec>().Any(a => a.Strategy == AnsibleStrategy.Mitogen);

    /// <summary>Files a provisioner needs, checked here so a typo costs nothing.</summary>
    internal static IEnumerable<string> LocalProblems(ProvisionerSpec spec)
    {
        switch (spec)
        {
            case AnsibleProvisionerSpec a:
                if (!File.Exists(a.PlaybookFile)) yield return $"playbook {a.PlaybookFile} does not exist: check the env name or the playbook_file";
                foreach (var f in AnsibleProvisioner.PasswordFiles(a))
                    if (!File.Exists(f)) yield return $"vault password file {f} does not exist: create it or drop --vault-password-file";
                if (a.WorkingDirectory is { } wd && !Directory.Exists(wd)) yield return $"ansible's working directory {wd} does not exist";
                if (a.GalaxyFile is { } g && !File.Exists(g)) yield return $"galaxy_file {g} does not exist";
                if (a.InventoryDirectory is { } d && !Directory.Exists(d)) yield return $"inventory_directory {d} does not exist";
                break;
            case ShellProvisionerSpec s:
                if (s.Inline.Count == 0 && s.Scripts.Count == 0) yield return "a shell provisioner needs inline, script or scripts";
                foreach (var f in s.Scripts.Where(f => !File.Exists(f))) yield return $"shell script {f} does not exist";
                break;
            case ShellLocalProvisionerSpec l:
                foreach (var f in l.Scripts.Where(f => !File.Exists(f))) yield return $"shell-local script {f} does not exist";
                break;
            case AnsibleLocalProvisionerSpec l:
                foreach (var f in l.LocalPaths().Where(f => !File.Exists(f) && !Directory.Exists(f))) yield return $"ansible-local's {f} does not exist";
                break;
            case FileProvisionerSpec f when !string.Equals(f.Direction, "download", StringComparison.OrdinalIgnoreCase):
                foreach (var src in f.Sources.Where(src => !File.Exists(src) && !Directory.Exists(src)))
                    yield return $"file provisioner source {src} does not exist";
                break;
        }
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
