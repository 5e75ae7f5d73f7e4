namespace Kiln.Core.Baking;

/// <summary>One provisioner of a bake, in order. Common options as Packer has them.</summary>
public abstract record ProvisionerSpec
{
    public string Name { get; init; } = "";
    public TimeSpan? PauseBefore { get; init; }
    public int MaxRetries { get; init; }
    public TimeSpan? Timeout { get; init; }
    /// <summary>A wait after the provisioner succeeded (Packer's shell `pause_after`).</summary>
    public TimeSpan? PauseAfter { get; init; }
}

public enum AnsibleStrategy { Plain, Pipelining, Mitogen }

/// <summary>Runs `ansible-playbook` from this machine over direct SSH (no proxy).</summary>
public sealed record AnsibleProvisionerSpec : ProvisionerSpec
{
    public required string PlaybookFile { get; init; }
    /// <summary>Arguments as given (extra_arguments, or Kiln's defaults: --tags, --extra-vars, --vault-password-file).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    /// <summary>Groups the host is placed in besides `all` (the article's `{env}-{category}`).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
    public string HostAlias { get; init; } = "default";
    public string? User { get; init; }
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();
    public string? InventoryDirectory { get; init; }
    public bool KeepInventoryFile { get; init; }
    public string? GalaxyFile { get; init; }
    public string? RolesPath { get; init; }
    public bool UseSftp { get; init; }
    public string? SftpCommand { get; init; }
    /// <summary>Mitogen unless told otherwise: the fixture's playbook runs in 0.4× the time of pipelining here
    /// (README, "Speed"). A run never switches strategy on its own.</summary>
    public AnsibleStrategy Strategy { get; init; } = AnsibleStrategy.Mitogen;
    /// <summary>Packer's `packer_build_name`/`packer_builder_type` extra vars (set for `kiln build`).</summary>
    public bool PackerExtraVars { get; init; }
    /// <summary>Where ansible-playbook runs, so relative paths in ExtraArguments mean what they meant to the user
    /// (Packer: the directory `packer build` ran in; kiln bake: the playbook directory). Null: the current one.</summary>
    public string? WorkingDirectory { get; init; }
    /// <summary>Vault password files named in the arguments: their content is masked in every log.</summary>
    public IReadOnlyList<string> VaultPasswordFiles { get; init; } = [];
}

/// <summary>Packer's shell provisioner, with its defaults (provisioner/shell in Packer 1.6–1.11).</summary>
public sealed record ShellProvisionerSpec : ProvisionerSpec
{
    public const string DefaultExecuteCommand = "chmod +x {{.Path}}; {{.Vars}} {{.Path}}";
    public const string EnvVarFileExecuteCommand = "chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}";
    /// <summary>Packer's exit status for a lost connection (packersdk.CmdDisconnect), allowed in valid_exit_codes.</summary>
    public const int DisconnectExitCode = 2300218;

    public IReadOnlyList<string> Inline { get; init; } = [];
    public IReadOnlyList<string> Scripts { get; init; } = [];
    public IReadOnlyList<string> EnvironmentVars { get; init; } = [];
    /// <summary>Null: Packer's default, <see cref="DefaultExecuteCommand"/> (<see cref="EnvVarFileExecuteCommand"/>
    /// with use_env_var_file).</summary>
    public string? ExecuteCommand { get; init; }
    public bool ExpectDisconnect { get; init; }
    public string InlineShebang { get; init; } = "/bin/sh -e";
    public string RemoteFolder { get; init; } = "/tmp";
    /// <summary>Null: `script_NNNN.sh`, NNNN chosen when the provisioner runs, as Packer does.</summary>
    public string? RemoteFile { get; init; }
    /// <summary>Null: remote_folder/remote_file.</summary>
    public string? RemotePath { get; init; }
    /// <summary>Go format of one variable (`%s` name, `%s` value). Null: `%s='%s' `, or `export %s='%s'\n` with use_env_var_file.</summary>
    public string? EnvVarFormat { get; init; }
    public bool UseEnvVarFile { get; init; }
    /// <summary>Upload scripts as they are; otherwise CRLF line ends become LF, as Packer's UnixReader does.</summary>
    public bool Binary { get; init; }
    public bool SkipClean { get; init; }
    public IReadOnlyList<int> ValidExitCodes { get; init; } = [0];
}

public sealed record FileProvisionerSpec : ProvisionerSpec
{
    public required IReadOnlyList<string> Sources { get; init; }
    public required string Destination { get; init; }
    /// <summary>"upload" (default) or "download".</summary>
    public string Direction { get; init; } = "upload";
}

/// <summary>Packer's shell-local: scripts run on this machine (not the instance), in the directory Kiln runs in.</summary>
public sealed record ShellLocalProvisionerSpec : ProvisionerSpec
{
    public IReadOnlyList<string> Inline { get; init; } = [];
    public IReadOnlyList<string> Scripts { get; init; } = [];
    public IReadOnlyList<string> EnvironmentVars { get; init; } = [];
    /// <summary>Packer's default: `/bin/sh -c "{{.Vars}} {{.Script}}"`.</summary>
    public IReadOnlyList<string> ExecuteCommand { get; init; } = ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"];
    public string? WorkingDirectory { get; init; }
    public string InlineShebang { get; init; } = "/bin/sh -e";
    /// <summary>Go format of one variable; Packer's default on Linux is `%s='%s' `.</summary>
    public string? EnvVarFormat { get; init; }
    public IReadOnlyList<int> ValidExitCodes { get; init; } = [0];
    /// <summary>Operating systems (Go's names) it runs on; elsewhere it is skipped, as in Packer. Empty: everywhere.</summary>
    public IReadOnlyList<string> OnlyOn { get; init; } = [];
}

/// <summary>Packer's ansible-local: the playbooks and their files are uploaded to a staging directory on the instance,
/// then ansible-playbook runs there in local mode (`-c local`). Ansible must be on the image already.</summary>
public sealed record AnsibleLocalProvisionerSpec : ProvisionerSpec
{
    public const string DefaultCommand = "ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook";
    public const string DefaultStagingRoot = "/tmp/packer-provisioner-ansible-local";

    /// <summary>playbook_file: uploaded as staging/NAME and run.</summary>
    public string? PlaybookFile { get; init; }
    /// <summary>playbook_files, each run in turn: those inside playbook_dir run from there, the others are uploaded
    /// to staging + their local path (as Packer does).</summary>
    public IReadOnlyList<string> PlaybookFiles { get; init; } = [];
    /// <summary>Uploaded whole as the staging directory itself.</summary>
    public string? PlaybookDirectory { get; init; }
    /// <summary>Each uploaded to staging/playbooks/NAME.</summary>
    public IReadOnlyList<string> PlaybookPaths { get; init; } = [];
    /// <summary>Each uploaded to staging/roles/NAME.</summary>
    public IReadOnlyList<string> RolePaths { get; init; } = [];
    public string? GroupVars { get; init; }
    public string? HostVars { get; init; }
    /// <summary>Null: an inventory of 127.0.0.1, in <see cref="InventoryGroups"/> when given.</summary>
    public string? InventoryFile { get; init; }
    public IReadOnlyList<string> InventoryGroups { get; init; } = [];
    public string? GalaxyFile { get; init; }
    public string GalaxyCommand { get; init; } = "ansible-galaxy";
    public string Command { get; init; } = DefaultCommand;
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    /// <summary>Null: a directory of its own under <see cref="DefaultStagingRoot"/>, named when the provisioner runs.</summary>
    public string? StagingDirectory { get; init; }
    public bool CleanStagingDirectory { get; init; }

    /// <summary>Every local file and directory the provisioner uploads.</summary>
    public IEnumerable<string> LocalPaths() =>
        new[] { PlaybookFile, PlaybookDirectory, GroupVars, HostVars, InventoryFile, GalaxyFile }.OfType<string>()
            .Concat(PlaybookFiles).Concat(PlaybookPaths).Concat(RolePaths);
}
