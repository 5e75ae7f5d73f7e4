namespace Kiln.Baking.Provisioners;

/// <summary>Everything the ansible-playbook argument list depends on.</summary>
public sealed record AnsibleInvocation(string Playbook, string Inventory, string PrivateKeyFile,
    IReadOnlyList<string> ExtraArguments, bool PackerExtraVars, string BuildName = "amazon-ebs", string BuilderType = "amazon-ebs");

/// <summary>The ansible-playbook argument list, as a pure function of the invocation (table-tested).</summary>
public static class AnsibleCommandLine
{
    public const string Program = "ansible-playbook";

    /// <summary>For `kiln build` the list reads as the article's Packer log: `--extra-vars "packer_build_name=…
    /// packer_builder_type=…" -i INVENTORY PLAYBOOK -e ansible_ssh_private_key_file=KEY` then extra_arguments verbatim
    /// (Packer passes them without a shell, so `--opt value` and `--opt=value` both reach ansible unchanged). For
    /// `kiln bake` the key is in the inventory and the list is `-i INVENTORY PLAYBOOK` then the arguments.</summary>
    public static IReadOnlyList<string> Arguments(AnsibleInvocation invocation)
    {
        var playbook = Path.GetFullPath(invocation.Playbook);
        List<string> args = invocation.PackerExtraVars
            ?
            [
                "--extra-vars", $"packer_build_name={invocation.BuildName} packer_builder_type={invocation.BuilderType}",
                "-i", invocation.Inventory, playbook,
                // Empty: the SSH agent's keys (ssh_agent_auth).
                .. invocation.PrivateKeyFile.Length == 0 ? [] : new[] { "-e", $"ansible_ssh_private_key_file={invocation.PrivateKeyFile}" },
            ]
            : ["-i", invocation.Inventory, playbook];
        args.AddRange(invocation.ExtraArguments);
        return args;
    }

    /// <summary>The command as Packer logs it: words joined by spaces, unquoted.</summary>
    public static string Display(IReadOnlyList<string> arguments) => string.Join(' ', arguments.Prepend(Program));

    /// <summary>Vault password files named in arguments: `--vault-password-file F`, `--vault-pass-file F`,
    /// `--vault-id [LABEL@]F`, each also as `--opt=F`. A vault id of `prompt` names no file.</summary>
    public static IReadOnlyList<string> VaultPasswordFiles(IReadOnlyList<string> arguments)
    {
        var files = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var (option, value) = Split(arguments[i]);
            if (option is not ("--vault-password-file" or "--vault-pass-file" or "--vault-id")) continue;
            value ??= i + 1 < arguments.Count ? arguments[++i] : null;
            if (value is null) continue;
            if (option == "--vault-id") value = value.Contains('@') ? value[(value.IndexOf('@') + 1)..] : value;
            if (value != "prompt") files.Add(value);
        }
        return files;
    }

    private static (string Option, string? Value) Split(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=') is > 2 and var eq
            ? (argument[..eq], argument[(eq + 1)..])
            : (argument, null);
}
