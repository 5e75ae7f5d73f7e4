using System.Text.Json;
using Kiln.Core.Inventory;

namespace Kiln.Baking.Provisioners;

/// <summary>The changed tasks of a bake's ansible-playbook runs, as Kiln's callback plugin (kiln_changes.py) writes
/// them: collected here while provisioning, recorded with the image's inventory. Task names pass the run log's
/// secret masker (a name may template a vault value); results never reach the plugin's file.</summary>
public sealed class AnsibleChanges
{
    public const string PluginName = "kiln_changes";
    private readonly Lock _gate = new();
    private readonly List<AnsibleRecap> _recaps = [];

    public IReadOnlyList<AnsibleRecap> Recaps
    {
        get { lock (_gate) return [.. _recaps]; }
    }

    /// <summary>Writes the plugin into `callback/` under <paramref name="pluginDirectory"/> and points ansible-playbook's
    /// environment at it and at <paramref name="file"/>: ours first on the callback path, then the user's own, else
    /// Ansible's default. A directory of its own: Ansible loads every file on the callback path as a callback, and the
    /// inventory plugin beside it would be skipped with a warning on every run.</summary>
    public static async Task AddToAsync(Dictionary<string, string> env, string pluginDirectory, string file, CancellationToken ct)
    {
        var callbacks = Directory.CreateDirectory(Path.Combine(pluginDirectory, "callback")).FullName;
        await using (var source = typeof(AnsibleChanges).Assembly.GetManifestResourceStream(PluginName + ".py")!)
        await using (var target = File.Create(Path.Combine(callbacks, PluginName + ".py")))
            await source.CopyToAsync(target, ct);
        env["ANSIBLE_CALLBACK_PLUGINS"] = callbacks + ":" + (env.GetValueOrDefault("ANSIBLE_CALLBACK_PLUGINS")
            ?? Environment.GetEnvironmentVariable("ANSIBLE_CALLBACK_PLUGINS")
            ?? "~/.ansible/plugins/callback:/usr/share/ansible/plugins/callback");
        env["KILN_CHANGES_FILE"] = file;
    }

    /// <summary>Reads (and removes) the plugin's file once its ansible-playbook ended: one recap per PLAY RECAP.</summary>
    public void Collect(string file, string playbook, Func<string, string> mask)
    {
        if (!File.Exists(file)) return;
        var recaps = Parse(File.ReadAllLines(file), playbook, mask);
        File.Delete(file);
        lock (_gate) _recaps.AddRange(recaps);
    }

    /// <summary>The plugin's lines: `{"play","task"}` per changed task, `{"recap": N}` closing each playbook run. Tasks
    /// after the last recap (a play that died before its recap) form a recap of their own, counted by its tasks.
    /// A line that is not the plugin's is skipped.</summary>
    public static IReadOnlyList<AnsibleRecap> Parse(IEnumerable<string> lines, string playbook, Func<string, string> mask)
    {
        var recaps = new List<AnsibleRecap>();
        var tasks = new List<ChangedTask>();
        foreach (var line in lines)
        {
            JsonElement record;
            try { record = JsonDocument.Parse(line).RootElement; }
            catch (JsonException) { continue; }
            if (record.ValueKind != JsonValueKind.Object) continue;
            if (record.TryGetProperty("recap", out var recap) && recap.TryGetInt32(out var changed))
            {
                recaps.Add(new AnsibleRecap(playbook, changed, tasks));
                tasks = [];
            }
            else if (record.TryGetProperty("task", out var task) && task.ValueKind == JsonValueKind.String)
                tasks.Add(new ChangedTask(mask(record.TryGetProperty("play", out var play) ? play.GetString() ?? "" : ""), mask(task.GetString()!)));
        }
        if (tasks.Count > 0) recaps.Add(new AnsibleRecap(playbook, tasks.Count, tasks));
        return recaps;
    }
}
