namespace Kiln.Templates.Packer;

/// <summary>googlecompute options (Packer 1.6) that Kiln knows but does not implement, and those it accepts without
/// effect. Anything in neither list and not read by <see cref="GoogleComputeReader"/> is an unknown option.</summary>
internal static class GoogleComputeOptions
{
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>
    {
        ["accelerator_type"] = "the build instance runs without GPUs",
        ["accelerator_count"] = "the build instance runs without GPUs",
        ["address"] = "the build instance gets an ephemeral external address",
        ["disk_name"] = "Kiln names the boot disk after the run, so `kiln gc` finds it",
        ["instance_name"] = "Kiln names the instance after the run, so `kiln gc` finds it",
        ["enable_secure_boot"] = "Shielded VM options are not available",
        ["enable_vtpm"] = "Shielded VM options are not available",
        ["enable_integrity_monitoring"] = "Shielded VM options are not available",
        ["image_encryption_key"] = "images are encrypted with Google-managed keys",
        ["image_licenses"] = "images carry the source's licenses only",
        ["impersonate_service_account"] = "use account_file or Application Default Credentials of that account",
        ["metadata_files"] = "put the values in metadata",
        ["min_cpu_platform"] = "not available",
        ["on_host_maintenance"] = "not available",
        ["region"] = "the region is the zone's",
        ["use_os_login"] = "Kiln logs in with a temporary key in the instance's ssh-keys metadata",
        ["use_iap"] = "Kiln connects to the instance's address directly",
        ["iap_localhost_port"] = "Kiln connects to the instance's address directly",
        ["iap_hashbang"] = "Kiln connects to the instance's address directly",
        ["iap_ext"] = "Kiln connects to the instance's address directly",
        ["iap_tunnel_launch_wait"] = "Kiln connects to the instance's address directly",
        ["vault_gcp_oauth_engine"] = "use account_file or Application Default Credentials",
        ["wrap_startup_script"] = "the startup script runs as given",
        ["ssh_password"] = "Kiln logs in with a key",
        ["ssh_keypair_name"] = "on Compute Engine Kiln logs in with a temporary key in the instance's ssh-keys metadata",
        ["ssh_private_key_file"] = "on Compute Engine Kiln logs in with a temporary key in the instance's ssh-keys metadata",
        ["ssh_agent_auth"] = "on Compute Engine Kiln logs in with a temporary key in the instance's ssh-keys metadata",
        ["temporary_key_pair_name"] = "on Compute Engine Kiln logs in with a temporary key in the instance's ssh-keys metadata",
        ["ssh_host"] = "Kiln connects to the instance's address",
        ["ssh_bastion_host"] = "Kiln connects directly",
        ["ssh_proxy_host"] = "Kiln connects directly",
        ["ssh_local_tunnels"] = "not available",
        ["ssh_remote_tunnels"] = "not available",
        ["ssh_ciphers"] = "not available",
        ["ssh_key_exchange_algorithms"] = "not available",
        ["ssh_certificate_file"] = "not available",
        ["winrm_username"] = "Kiln builds Linux images over SSH",
        ["winrm_password"] = "Kiln builds Linux images over SSH",
        ["winrm_host"] = "Kiln builds Linux images over SSH",
        ["winrm_port"] = "Kiln builds Linux images over SSH",
        ["winrm_timeout"] = "Kiln builds Linux images over SSH",
        ["winrm_use_ssl"] = "Kiln builds Linux images over SSH",
        ["winrm_insecure"] = "Kiln builds Linux images over SSH",
    };

    /// <summary>Tuning of Packer's own SSH client; Kiln's own policies apply instead.</summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>
    {
        "ssh_pty", "ssh_handshake_attempts", "ssh_keep_alive_interval", "ssh_read_write_timeout", "ssh_file_transfer_method",
        "ssh_disable_agent_forwarding", "pause_before_connecting", "temporary_key_pair_type", "temporary_key_pair_bits",
    };
}
