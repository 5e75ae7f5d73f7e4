namespace Kiln.LocalCloud.Compute;

/// <summary>
/// The command of an instance's container, what cloud-init does on EC2 in brief: install the key pair's public key
/// for the image's login user (it stays there, as on AWS), make host keys the image lacks, run UserData
/// once per instance in the background as root, then become sshd.
/// </summary>
public static class BootScript
{
    /// <param name="sshdDelay">A fault: sshd starts this late (as on EC2, where sshd comes up well after "running").</param>
    public static string For(string instanceId, string loginUser, TimeSpan sshdDelay = default) => $$"""
        #!/bin/sh
        # Boot script of {{instanceId}}, written by Kiln's local cloud.
        user='{{loginUser}}'
        boot=/kiln-boot
        if [ -s "$boot/authorized_keys" ] && home=$(getent passwd "$user" | cut -d: -f6) && [ -n "$home" ]; then
          group=$(id -gn "$user")
          install -d -m 700 -o "$user" -g "$group" "$home/.ssh"
          touch "$home/.ssh/authorized_keys"
          while IFS= read -r key; do
            grep -qxF "$key" "$home/.ssh/authorized_keys" || printf '%s\n' "$key" >> "$home/.ssh/authorized_keys"
          done < "$boot/authorized_keys"
          chown "$user:$group" "$home/.ssh/authorized_keys"
          chmod 600 "$home/.ssh/authorized_keys"
        fi
        {{HostKeys}}
        if [ -f "$boot/user-data" ] && [ ! -e "/var/lib/kiln/user-data.{{instanceId}}" ]; then
          touch "/var/lib/kiln/user-data.{{instanceId}}"
          cp "$boot/user-data" /var/lib/kiln/user-data
          chmod 700 /var/lib/kiln/user-data
          case "$(head -c 13 /var/lib/kiln/user-data)" in
            '#cloud-config') echo 'kiln: cloud-config user data is not supported; shell scripts are' >/var/log/kiln-user-data.log ;;
            '#!'*) (/var/lib/kiln/user-data >/var/log/kiln-user-data.log 2>&1 &) ;;
            *) (sh /var/lib/kiln/user-data >/var/log/kiln-user-data.log 2>&1 &) ;;
          esac
        fi
        if [ -f "$boot/{{PrivateOnlyFile}}" ]; then
          # No public address: logins from this machine (the bridge's gateway, the default route's) are refused, so the
          # instance is reached only through another instance. /proc/net/route holds the gateway as little-endian hex.
          gw=$(awk '$2 == "00000000" && $3 != "00000000" { print $3; exit }' /proc/net/route)
          [ -n "$gw" ] && sshd_deny=$(printf '%d.%d.%d.%d' "0x$(echo "$gw" | cut -c7-8)" "0x$(echo "$gw" | cut -c5-6)" \
            "0x$(echo "$gw" | cut -c3-4)" "0x$(echo "$gw" | cut -c1-2)")
        fi
        {{Sshd(sshdDelay)}}
        """;

    /// <summary>A boot file whose presence marks an instance without a public address.</summary>
    public const string PrivateOnlyFile = "no-public-ip";

    /// <summary>Host keys as cloud-init makes them, but no RSA one: a 3072-bit RSA key takes 2-4 s to make here, and
    /// every current client accepts ed25519 and ecdsa.</summary>
    public const string HostKeys = """
        [ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
        [ -f /etc/ssh/ssh_host_ecdsa_key ] || ssh-keygen -q -t ecdsa -N '' -f /etc/ssh/ssh_host_ecdsa_key
        mkdir -p /run/sshd /var/lib/kiln
        """;

    /// <summary>The end of every boot script: sshd in the foreground, told which host keys exist (so it does not
    /// look for RSA). <paramref name="delay"/>: a fault, sshd starts this late (as on EC2, where sshd comes up well
    /// after "running").</summary>
    public static string Sshd(TimeSpan delay = default) =>
        (delay > TimeSpan.Zero ? $"sleep {delay.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}\n" : "") + """
        set --
        for key in /etc/ssh/ssh_host_*_key; do [ -f "$key" ] && set -- "$@" -h "$key"; done
        [ -n "${sshd_deny:-}" ] && set -- "$@" -o "DenyUsers *@$sshd_deny"
        exec /usr/sbin/sshd -D -e "$@"
        """;
}
