using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Runs ansible-playbook from this machine straight to the instance over SSH (no proxy), with a generated
/// inventory; streams its lines to the run log (stream "ansible") with every secret registered before it starts.</summary>
public sealed class AnsibleProvisioner(AnsibleProvisionerSpec spec) : IProvisioner
{
    public AnsibleProvisionerSpec Spec => spec;

    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        var playbook = await PrepareAsync(context, ct);
        try
        {
            if (spec.GalaxyFile is not null) await RunGalaxyAsync((_, l) => context.Log.Write("ansible", l), ct);
            context.Log.Info(playbook.Announcement);
            var result = await ChildProcess.RunAsync(playbook.Process, (_, line) => context.Log.Write("ansible", line), ct);
            if (result.ExitCode != 0) throw new ProcessFailedException(AnsibleCommandLine.Program, result.ExitCode);
        }
        finally
        {
            await FinishAsync(playbook);
        }
    }

    /// <summary>Everything before ansible-playbook starts: the vault's secrets registered with the log (before a line
    /// of ansible's is read), the inventory written, the arguments and environment.</summary>
    internal async Task<PreparedPlaybook> PrepareAsync(ProvisionContext context, CancellationToken ct)
    {
        var passwordFiles = PasswordFiles(spec);
        foreach (var secret in await VaultSecrets.CollectAsync(SecretsRoot(passwordFiles), passwordFiles, ct))
            context.Log.AddSecret(secret);

        var inventory = WriteInventory(context);
        var controlDir = KilnPaths.EnsurePrivateDirectory(ControlDirectory(context.RunDirectory));
        var args = AnsibleCommandLine.Arguments(new AnsibleInvocation(spec.PlaybookFile, inventory,
            context.Target.PrivateKeyFile, spec.ExtraArguments, spec.PackerExtraVars, context.BuildName, context.BuilderType));
        var env = new Dictionary<string, string>(AnsibleEnvironment.For(spec, controlDir, context.ColorOutput,
            spec.Strategy == AnsibleStrategy.Mitogen ? await MitogenLocator.StrategyPluginsAsync() : null,
            spec.User is null || spec.User == context.Target.User ? context.Target.ControlPath : null,
            agentKeys: context.Target.PrivateKeyFile.Length == 0, bastion: context.Target.Bastion));
        var plugins = await InventoryPlugin.WriteAsync(Path.Combine(context.RunDirectory, "inventory-plugins"), ct);
        InventoryPlugin.AddTo(env, plugins);
        var changesFile = context.Changes is null ? null : Path.Combine(context.RunDirectory, $"ansible-changes-{Guid.NewGuid().ToString("N")[..8]}.jsonl");
        if (changesFile is not null) await AnsibleChanges.AddToAsync(env, plugins, changesFile, ct);
        return new PreparedPlaybook(new ProcessSpec(AnsibleCommandLine.Program, args) { Environment = env, WorkingDirectory = spec.WorkingDirectory },
            inventory, controlDir, plugins,
            $"Executing Ansible ({spec.Strategy.ToString().ToLowerInvariant()}): {AnsibleCommandLine.Display(args)}")
        {
            Changes = changesFile is null ? null : (context.Changes!, changesFile, context.Log.Mask),
        };
    }

    /// <summary>After ansible-playbook: its inventory goes (unless kept) and its own ssh masters are closed.</summary>
    internal async Task FinishAsync(PreparedPlaybook playbook)
    {
        if (playbook.Changes is var (changes, file, mask)) changes.Collect(file, Path.GetFileName(spec.PlaybookFile), mask);
        if (!spec.KeepInventoryFile) File.Delete(playbook.Inventory);
        // A kept inventory is for people: plain YAML that any ansible reads, without Kiln's plugin.
        else if (File.Exists(playbook.Inventory))
            KilnPaths.WritePrivateFile(playbook.Inventory, AnsibleInventory.ForPeople(await File.ReadAllTextAsync(playbook.Inventory)));
        if (Directory.Exists(playbook.PluginDirectory)) Directory.Delete(playbook.PluginDirectory, recursive: true);
        await ControlMasters.CloseAsync(playbook.ControlDirectory, keepKilns: true);
    }

    /// <summary>Vault password files, absolute: relative ones are read from the directory ansible runs in.</summary>
    internal static IReadOnlyList<string> PasswordFiles(AnsibleProvisionerSpec spec) =>
        spec.VaultPasswordFiles.Concat(AnsibleCommandLine.VaultPasswordFiles(spec.ExtraArguments))
            .Select(f => Path.GetFullPath(f, spec.WorkingDirectory ?? Directory.GetCurrentDirectory())).Distinct().ToList();

    /// <summary>Where vault files are looked for: the playbook's directory, or its parent when a password file lives
    /// there (the article keeps vault.txt beside playbooks/). Never higher: Kiln does not read the whole disk.</summary>
    private string SecretsRoot(IReadOnlyList<string> passwordFiles)
    {
        var playbookDir = Path.GetDirectoryName(Path.GetFullPath(spec.PlaybookFile, spec.WorkingDirectory ?? Directory.GetCurrentDirectory()))!;
        var parent = Path.GetDirectoryName(playbookDir);
        return parent is not null && parent != "/" && passwordFiles.Any(f => IsUnder(f, parent) && !IsUnder(f, playbookDir))
            ? parent : playbookDir;
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    private string WriteInventory(ProvisionContext context)
    {
        var directory = spec.InventoryDirectory ?? context.RunDirectory;
        var path = Path.Combine(directory, $"inventory-{Guid.NewGuid().ToString("N")[..8]}.yml");
        WriteInventory(path, context);
        return path;
    }

    /// <summary>The inventory for <paramref name="context"/>'s target, at <paramref name="path"/>.</summary>
    internal void WriteInventory(string path, ProvisionContext context) =>
        KilnPaths.WritePrivateFile(path, AnsibleInventory.Render(new InventoryHost(spec.HostAlias, context.Target.Address,
            context.Target.Port, spec.User ?? context.Target.User, context.Target.PrivateKeyFile, context.Target.PythonInterpreter), spec.Groups));

    internal async Task RunGalaxyAsync(Action<string, string> onLine, CancellationToken ct)
    {
        List<string> args = ["install", "-r", spec.GalaxyFile!];
        if (spec.RolesPath is not null) args.AddRange(["-p", spec.RolesPath]);
        var result = await ChildProcess.RunAsync(new ProcessSpec("ansible-galaxy", args) { WorkingDirectory = spec.WorkingDirectory },
            onLine, ct);
        if (result.ExitCode != 0) throw new ProcessFailedException("ansible-galaxy", result.ExitCode);
    }

    /// <summary>A short directory for ssh control sockets: under the run directory when its path leaves room in
    /// the 108-byte socket path limit (ansible adds a 10-character hash, and ssh a 17-character suffix while it
    /// binds), else under /tmp.</summary>
    internal static string ControlDirectory(string runDirectory)
    {
        var underRun = Path.Combine(runDirectory, "cp");
        return underRun.Length <= 70 ? underRun
            : Path.Combine(Path.GetTempPath(), "kiln-cp-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(runDirectory)))[..12].ToLowerInvariant());
    }
}

/// <summary>An ansible-playbook ready to start: the process, the inventory it reads, the directory of its ssh
/// masters, the directory of Kiln's inventory plugin, and the log line that announces it.</summary>
internal sealed record PreparedPlaybook(ProcessSpec Process, string Inventory, string ControlDirectory, string PluginDirectory,
    string Announcement)
{
    /// <summary>Where the changed tasks go, the file Kiln's callback writes them to, and the masker for their names.</summary>
    public (AnsibleChanges Collector, string File, Func<string, string> Mask)? Changes { get; init; }
}
