namespace Kiln.Templates.Packer;

/// <summary>Reads ansible-playbook options out of an argument list in both spellings, `--opt value` and
/// `--opt=value`, as ansible's argparse accepts them.</summary>
public static class AnsibleArguments
{
    /// <summary>Values of the given long options, in order.</summary>
    public static IEnumerable<string> ValuesOf(IReadOnlyList<string> args, params string[] options)
    {
        for (var i = 0; i < args.Count; i++)
        {
            foreach (var option in options)
            {
                if (args[i] == option && i + 1 < args.Count) { yield return args[++i]; break; }
                if (args[i].StartsWith(option + "=", StringComparison.Ordinal)) { yield return args[i][(option.Length + 1)..]; break; }
            }
        }
    }

    /// <summary>Vault password files: `--vault-password-file F`, `--vault-pass-file F`, `--vault-id [label@]F`
    /// (except `prompt`, which asks on the terminal).</summary>
    public static IReadOnlyList<string> VaultPasswordFiles(IReadOnlyList<string> args)
    {
        var files = ValuesOf(args, "--vault-password-file", "--vault-pass-file").ToList();
        foreach (var id in ValuesOf(args, "--vault-id"))
        {
            var source = id.Contains('@') ? id[(id.IndexOf('@') + 1)..] : id;
            if (source != "prompt") files.Add(source);
        }
        return files;
    }
}
