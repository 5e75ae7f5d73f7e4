namespace Kiln.LocalCloud.Gce.Metadata;

/// <summary>
/// The guest side, run as root inside the instance: each `user:key` line of /kiln-boot/ssh-keys gives that user
/// (made when missing, and in group google-sudoers, which has passwordless sudo, as Google's guest agent does) the
/// key. Keys it added earlier that the metadata no longer holds leave authorized_keys; keys put there otherwise stay.
/// </summary>
public static class GuestScript
{
    public const string Text = """
        #!/bin/sh
        # Applies ssh-keys metadata, as Google's guest agent does. Written by Kiln's local cloud.
        set -u
        keys=/kiln-boot/ssh-keys
        state=/var/lib/kiln/gce-keys
        mkdir -p "$state"
        getent group google-sudoers >/dev/null || groupadd google-sudoers
        if [ ! -f /etc/sudoers.d/google_sudoers ]; then
          printf '%%google-sudoers ALL=(ALL:ALL) NOPASSWD:ALL\n' > /etc/sudoers.d/google_sudoers
          chmod 440 /etc/sudoers.d/google_sudoers
        fi
        want=$(mktemp -d)
        if [ -f "$keys" ]; then
          while IFS= read -r line || [ -n "$line" ]; do
            user=${line%%:*}
            key=${line#*:}
            [ "$user" != "$line" ] || continue
            case "$user" in ''|-*|*[!A-Za-z0-9._-]*) continue ;; esac
            case "$key" in ssh-*|ecdsa-*|sk-*) printf '%s\n' "$key" >> "$want/$user" ;; esac
          done < "$keys"
        fi
        for user in $( (cd "$want" && ls; cd "$state" && ls) | sort -u ); do
          if [ -s "$want/$user" ]; then
            id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user" || continue
            usermod -aG google-sudoers "$user"
          elif id "$user" >/dev/null 2>&1; then
            gpasswd -d "$user" google-sudoers >/dev/null 2>&1 || true
          fi
          if ! id "$user" >/dev/null 2>&1; then rm -f "$state/$user"; continue; fi
          home=$(getent passwd "$user" | cut -d: -f6)
          group=$(id -gn "$user")
          install -d -m 700 -o "$user" -g "$group" "$home/.ssh"
          ak="$home/.ssh/authorized_keys"
          touch "$ak"
          tmp=$(mktemp)
          if [ -s "$state/$user" ]; then grep -vxF -f "$state/$user" "$ak" > "$tmp" || true; else cat "$ak" > "$tmp"; fi
          [ -f "$want/$user" ] && cat "$want/$user" >> "$tmp"
          cat "$tmp" > "$ak"
          rm -f "$tmp"
          chown "$user:$group" "$ak"
          chmod 600 "$ak"
          if [ -f "$want/$user" ]; then cp "$want/$user" "$state/$user"; else rm -f "$state/$user"; fi
        done
        rm -rf "$want"
        """;
}
