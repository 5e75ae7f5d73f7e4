namespace Kiln.Baking.Provisioners;

/// <summary>What `ansible-playbook --list-tasks` and `--list-tags` print, read back (pure, table-tested), and the
/// tag filters of an argument list. The format is ansible-core's: a `tasks:` line under each play, then one task per
/// line indented by six spaces; `TAGS: [a, b]` after a play's or a task's name.</summary>
public static class TaskListing
{
    /// <summary>The tasks --list-tasks printed, over every play.</summary>
    public static int CountTasks(IEnumerable<string> lines)
    {
        var count = 0;
        var inTasks = false;
        foreach (var line in lines)
        {
            if (line.TrimEnd() == "    tasks:") { inTasks = true; continue; }
            if (!inTasks) continue;
            if (line.StartsWith("      ", StringComparison.Ordinal) && line.Trim().Length > 0) count++;
            else if (line.Trim().Length > 0) inTasks = false;
        }
        return count;
    }

    /// <summary>Every tag named by --list-tags (plays' and tasks'), sorted.</summary>
    public static IReadOnlyList<string> Tags(IEnumerable<string> lines)
    {
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var at = line.IndexOf("TAGS: [", StringComparison.Ordinal);
            if (at < 0) continue;
            var end = line.IndexOf(']', at);
            if (end < 0) continue;
            foreach (var tag in line[(at + 7)..end].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                tags.Add(tag);
        }
        return [.. tags];
    }

    /// <summary>The tags asked for with `--tags`/`-t` (comma lists, repeated flags, `--tags=…`).</summary>
    public static IReadOnlyList<string> RequestedTags(IReadOnlyList<string> arguments) => FilterValues(arguments, "--tags", "-t");

    /// <summary>The argument list less its tag filters (`--tags`, `-t`, `--skip-tags`), to list every tag there is.</summary>
    public static IReadOnlyList<string> WithoutTagFilters(IReadOnlyList<string> arguments)
    {
        var kept = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (a is "--tags" or "-t" or "--skip-tags") { i++; continue; }
            if (a.StartsWith("--tags=", StringComparison.Ordinal) || a.StartsWith("--skip-tags=", StringComparison.Ordinal)) continue;
            kept.Add(a);
        }
        return kept;
    }

    /// <summary>The existing tag closest to <paramref name="wanted"/> by edit distance, when it is close enough to be
    /// the one meant (at most a third of its length, and at least 1 edit, apart).</summary>
    public static string? Closest(string wanted, IReadOnlyList<string> existing) =>
        existing.Where(t => t is not ("always" or "never"))
            .Select(t => (Tag: t, Distance: Distance(wanted, t)))
            .Where(c => c.Distance <= Math.Max(1, wanted.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Tag, StringComparer.Ordinal)
            .Select(c => c.Tag).FirstOrDefault();

    private static IReadOnlyList<string> FilterValues(IReadOnlyList<string> arguments, string longName, string shortName)
    {
        var values = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            string? value = null;
            if ((arguments[i] == longName || arguments[i] == shortName) && i + 1 < arguments.Count) value = arguments[++i];
            else if (arguments[i].StartsWith(longName + "=", StringComparison.Ordinal)) value = arguments[i][(longName.Length + 1)..];
            if (value is not null)
                values.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        return values;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
