namespace Kiln.Templates.Packer;

/// <summary>amazon-ebs options (Packer 1.6) that Kiln knows but does not implement, and those it accepts without
/// effect. Anything in neither list and not read by <see cref="AmazonEbsReader"/> is an unknown option.</summary>
internal static class AmazonEbsOptions
{
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>
    {
        ["ami_virtualization_type"] = "images keep the source's virtualization type",
        ["block_duration_minutes"] = "EC2 no longer offers spot blocks: give spot_price alone",
        ["temporary_iam_instance_profile_policy_document"] = "Kiln makes no IAM roles: give an existing iam_instance_profile",
        ["disable_stop_instance"] = "Kiln stops the instance itself before creating the image",
        ["assume_role"] = "use a profile that assumes the role (role_arn and source_profile in ~/.aws/config)",
        ["mfa_code"] = "use a profile with cached credentials",
        ["vault_aws_engine"] = "use a profile",
        ["insecure_skip_tls_verify"] = "not available",
        ["windows_password_timeout"] = "Kiln builds Linux images over SSH",
        ["ssh_password"] = "Kiln logs in with a key: give ssh_private_key_file or ssh_agent_auth",
        ["ssh_host"] = "Kiln connects to the instance's address",
        ["ssh_bastion_password"] = "Kiln logs in to the bastion with a key: give ssh_bastion_private_key_file or ssh_bastion_agent_auth",
        ["ssh_bastion_interactive"] = "Kiln runs ssh without a prompt: give ssh_bastion_private_key_file or ssh_bastion_agent_auth",
        ["ssh_proxy_host"] = "Kiln connects directly",
        ["ssh_proxy_port"] = "Kiln connects directly",
        ["ssh_proxy_username"] = "Kiln connects directly",
        ["ssh_proxy_password"] = "Kiln connects directly",
        ["ssh_local_tunnels"] = "not available",
        ["ssh_remote_tunnels"] = "not available",
        ["ssh_ciphers"] = "not available",
        ["ssh_key_exchange_algorithms"] = "not available",
        ["ssh_certificate_file"] = "not available",
        ["ssh_ip_version"] = "not available",
        ["session_manager_port"] = "Kiln connects over SSH",
        ["winrm_username"] = "Kiln builds Linux images over SSH",
        ["winrm_password"] = "Kiln builds Linux images over SSH",
        ["winrm_host"] = "Kiln builds Linux images over SSH",
        ["winrm_port"] = "Kiln builds Linux images over SSH",
        ["winrm_timeout"] = "Kiln builds Linux images over SSH",
        ["winrm_use_ssl"] = "Kiln builds Linux images over SSH",
        ["winrm_insecure"] = "Kiln builds Linux images over SSH",
        ["winrm_use_ntlm"] = "Kiln builds Linux images over SSH",
    };

    /// <summary>Tuning of Packer's own SSH client and AWS polling; Kiln's own policies apply instead.</summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>
    {
        "ssh_pty", "ssh_handshake_attempts", "ssh_keep_alive_interval", "ssh_read_write_timeout", "ssh_file_transfer_method",
        "ssh_disable_agent_forwarding", "aws_polling", "max_retries", "decode_authorization_messages",
        "skip_metadata_api_check", "skip_credential_validation", "pause_before_connecting",
    };
}
