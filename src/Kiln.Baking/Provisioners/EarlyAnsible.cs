using System.Text.Json.Nodes;
using Kiln.Baking.Processes;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>
/// The bake's first ansible-playbook, started while the instance launches. Python's start, the inventory, the
/// playbook and the strategy's own start (≈0.4 s of every bake here) then overlap the launch instead of following it.
/// The play is held before its first task by Kiln's vars plugin (kiln_target.py): its inventory names no address, and
/// the plugin waits for the file <see cref="RunAsync"/> writes once SSH works, then hands ansible the address, port and
/// Python. Until then nothing has touched the instance, so a play that ends before its release (a playbook that does
/// not parse; a plugin that never ran) is run again the usual way: the same playbook in the same mode, not a retry of a
/// half-applied one. Its lines are held until the release, so the log reads in order.
/// </summary>
public sealed class EarlyAnsible : IProvisioner, IAsyncDisposable
{
    /// <summary>The inventory's address until the release: a name that never resolves (RFC 6761).</summary>
    public const string PendingAddress = "instance-address-pending.invalid";

    private readonly AnsibleProvisioner _provisioner;
    private readonly ProvisionContext _context;
    private readonly string _directory;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _gate = new();
    private List<string>? _held = [];
    private Task<ProcessResult>? _run;
    private PreparedPlaybook? _playbook;

    private EarlyAnsible(AnsibleProvisioner provisioner, ProvisionContext context, CancellationToken ct)
    {
        (_provisioner, _context) = (provisioner, context);
        _directory = Path.Combine(context.RunDirectory, "early-ansible");
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    private string TargetFile => Path.Combine(_directory, "target.json");

    /// <summary>Whether the plan's first provisioner can start early: ansible, with no pause before it.</summary>
    public static AnsibleProvisionerSpec? Candidate(BakeSpec spec) =>
        spec.Provisioners.FirstOrDefault() is AnsibleProvisionerSpec a && (a.PauseBefore ?? TimeSpan.Zero) <= TimeSpan.Zero ? a : null;

    /// <summary>Registers the vault's secrets, writes the inventory (no address yet) and starts the play.
    /// <paramref name="context"/>'s target has the key, user and control path; its address is <see cref="PendingAddress"/>.</summary>
    public static async Task<EarlyAnsible> StartAsync(AnsibleProvisionerSpec spec, ProvisionContext context, CancellationToken ct)
    {
        var early = new EarlyAnsible(new AnsibleProvisioner(spec), context, ct);
        try
        {
            await early.StartPlayAsync(spec, context, ct);
            return early;
        }
        catch
        {
            await early.DisposeAsync();
            throw;
        }
    }

    private async Task StartPlayAsync(AnsibleProvisionerSpec spec, ProvisionContext context, CancellationToken ct)
    {
        KilnPaths.EnsurePrivateDirectory(_directory);
        var plugins = KilnPaths.EnsurePrivateDirectory(Path.Combine(_directory, "vars"));
        await WritePluginAsync(plugins, ct);
        var playbook = _playbook = await _provisioner.PrepareAsync(context, ct);
        var env = new Dictionary<string, string>(playbook.Process.Environment)
        {
            ["KILN_ANSIBLE_TARGET"] = TargetFile,
            ["KILN_ANSIBLE_INVENTORY_DIR"] = Path.GetDirectoryName(playbook.Inventory)!,
            // The plugin ends a waiting play when this process dies (a wrapper script may stand between them).
            ["KILN_PROCESS"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // Ours first; then the user's own (from the spec or Kiln's environment), else Ansible's default path.
        env["ANSIBLE_VARS_PLUGINS"] = plugins + ":" + (env.GetValueOrDefault("ANSIBLE_VARS_PLUGINS")
            ?? Environment.GetEnvironmentVariable("ANSIBLE_VARS_PLUGINS") ?? "~/.ansible/plugins/vars:/usr/share/ansible/plugins/vars");
        _run = PlayAsync(spec, playbook.Process with { Environment = env }, playbook);
    }

    /// <summary>Writes the vars plugin (an embedded copy of kiln_target.py) into <paramref name="directory"/>.</summary>
    internal static async Task WritePluginAsync(string directory, CancellationToken ct)
    {
        await using var source = typeof(EarlyAnsible).Assembly.GetManifestResourceStream("kiln_target.py")!;
        await using var file = File.Create(Path.Combine(directory, "kiln_target.py"));
        await source.CopyToAsync(file, ct);
    }

    private async Task<ProcessResult> PlayAsync(AnsibleProvisionerSpec spec, ProcessSpec process, PreparedPlaybook playbook)
    {
        try
        {
            if (spec.GalaxyFile is not null) await _provisioner.RunGalaxyAsync(OnLine, _stop.Token);
            return await ChildProcess.RunAsync(process, OnLine, _stop.Token);
        }
        finally
        {
            // At once, as after any play: ansible's own ssh masters must not outlive it into the image.
            await _provisioner.FinishAsync(playbook);
        }
    }

    private void OnLine(string stream, string line)
    {
        lock (_gate)
        {
            if (_held is not null) { _held.Add(line); return; }
        }
        _context.Log.Write("ansible", line);
    }

    /// <summary>The lines held so far go to the log, and later ones straight after them.</summary>
    private void ShowLines()
    {
        lock (_gate)
        {
            foreach (var line in _held ?? []) _context.Log.Write("ansible", line);
            _held = null;
        }
    }

    /// <summary>The provisioner's first attempt: tells the held play where the instance is (<paramref name="context"/>'s
    /// target, after the proving login) and waits for it to end. A later attempt is a new process (AnsibleProvisioner).</summary>
    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        var target = new JsonObject
        {
            ["host"] = _provisioner.Spec.HostAlias,
            ["host_vars"] = new JsonObject { ["ansible_host"] = context.Target.Address, ["ansible_port"] = context.Target.Port },
            ["all_vars"] = context.Target.PythonInterpreter is { } python
                ? new JsonObject { ["ansible_python_interpreter"] = python } : new JsonObject(),
        };
        KilnPaths.WritePrivateFile(TargetFile + ".tmp", target.ToJsonString());
        File.Move(TargetFile + ".tmp", TargetFile);
        // A kept inventory (Packer's keep_inventory_file) is for people: it names the instance, not the placeholder.
        // The play read its own copy at its start.
        if (_provisioner.Spec.KeepInventoryFile) _provisioner.WriteInventory(_playbook!.Inventory, context);
        context.Log.Info(_playbook!.Announcement);
        ShowLines();
        ProcessResult result;
        await using (ct.Register(() => _stop.Cancel()))
        {
            try { result = await _run!; }
            catch (OperationCanceledException) { ct.ThrowIfCancellationRequested(); throw; }
        }
        if (result.ExitCode == 0) return;
        if (File.Exists(TargetFile + ".read")) throw new ProcessFailedException(AnsibleCommandLine.Program, result.ExitCode);
        context.Log.Info($"The early ansible-playbook exited with code {result.ExitCode} before reaching the instance; running it again the usual way");
        await _provisioner.RunAsync(context, ct);
    }

    /// <summary>Stops a play still held (the bake ended before provisioning) and removes what the early start wrote.</summary>
    public async ValueTask DisposeAsync()
    {
        // A play that ended by itself before the release (not stopped by Kiln) says why in its held lines.
        if (_run is { IsCompletedSuccessfully: true }) ShowLines();
        else await _stop.CancelAsync();
        try { if (_run is not null) await _run; }
        catch (Exception e) when (e is OperationCanceledException or ProcessFailedException or System.ComponentModel.Win32Exception or IOException) { /* stopped */ }
        if (_run is null && _playbook is not null) await _provisioner.FinishAsync(_playbook);
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        _stop.Dispose();
    }
}
