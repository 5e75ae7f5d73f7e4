using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>The environment ansible-playbook runs with: a pure function of the mode and paths.</summary>
public static class AnsibleEnvironment
{
    /// <summary><paramref name="sharedControlPath"/>: the run's open ssh master, reused by every strategy: the play skips
    /// a handshake, and a connection already up survives what a new one may meet (on this machine, another podman
    /// command rewriting the port forwarding rules: "Connection refused" in the middle of a bake).
    /// <paramref name="agentKeys"/>: the login key is the SSH agent's (ssh_agent_auth), which IdentitiesOnly would refuse.</summary>
    public static IReadOnlyDictionary<string, string> For(AnsibleProvisionerSpec spec, string controlPathDirectory,
        bool color, string? mitogenStrategyPlugins, string? sharedControlPath = null, bool agentKeys = false,
        SshBastion? bastion = null)
    {
        var env = new Dictionary<string, string>
        {
            // The instance's host key is minutes old and its address is this run's own (Packer sets the same).
            ["ANSIBLE_HOST_KEY_CHECKING"] = "False",
            ["ANSIBLE_RETRY_FILES_ENABLED"] = "False",
            // Python block-buffers a pipe: without this the log gets ansible's lines in bursts, not as they happen.
            ["PYTHONUNBUFFERED"] = "1",
            // One TCP+SSH handshake for the whole play: the control master is reused by every task.
            ["ANSIBLE_SSH_ARGS"] = "-o ControlMaster=auto -o ControlPersist=60s" + (agentKeys ? "" : " -o IdentitiesOnly=yes")
                                   + " -o UserKnownHostsFile=/dev/null -o ServerAliveInterval=15",
            // Unix socket paths are limited to 108 bytes: the run's short directory, not ~/.ansible/cp.
            ["ANSIBLE_SSH_CONTROL_PATH_DIR"] = controlPathDirectory,
        };
        // A literal path: ansible %-formats control_path and shlex-splits ssh_args, so a path with '%', quotes or
        // spaces is not shared (the play then opens its own connection). In ssh_args it reaches Mitogen too, whose
        // whole play then runs in one session of the connection Kiln already opened.
        if (sharedControlPath is not null && !sharedControlPath.Any(ch => ch is '%' or '\'' or '"' || char.IsWhiteSpace(ch)))
        {
            env["ANSIBLE_SSH_CONTROL_PATH"] = sharedControlPath;
            env["ANSIBLE_SSH_ARGS"] += $" -o ControlPath={sharedControlPath}";
        }
        // A connection of the play's own (not over Kiln's) goes through the bastion too.
        if (bastion is not null && Ssh.SshBastionCommand.AnsibleOption(bastion) is { } proxy) env["ANSIBLE_SSH_ARGS"] += " " + proxy;
        if (spec.Strategy is AnsibleStrategy.Pipelining or AnsibleStrategy.Mitogen) env["ANSIBLE_PIPELINING"] = "True";
        if (spec.Strategy == AnsibleStrategy.Mitogen)
        {
            env["ANSIBLE_STRATEGY_PLUGINS"] = mitogenStrategyPlugins
                ?? throw new InvalidOperationException("the mitogen strategy needs Debian's ansible-mitogen package: apt-get install ansible-mitogen");
            env["ANSIBLE_STRATEGY"] = "mitogen_linear";
        }
        if (color) env["ANSIBLE_FORCE_COLOR"] = "True";
        if (spec.RolesPath is not null) env["ANSIBLE_ROLES_PATH"] = spec.RolesPath;
        foreach (var (k, v) in spec.EnvironmentVariables) env[k] = v;
        return env;
    }
}
