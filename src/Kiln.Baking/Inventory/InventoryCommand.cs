using Kiln.Baking.Ssh;

namespace Kiln.Baking.Inventory;

/// <summary>The one remote command that takes an image's inventory, as root (sudo -n unless the login user is root):
/// packages from dpkg-query, or rpm where dpkg is absent; every entry under the roots that exist (GNU find -printf,
/// as on Debian and Amazon Linux); the SHA-256 of each regular file (sha256sum, batched by xargs). Each line starts
/// with its kind (P package, R root, E entry, H hash) so <see cref="InventoryParser"/> reads one stream.</summary>
public static class InventoryCommand
{
    public static string For(IReadOnlyList<string> roots)
    {
        var script = string.Join('\n',
            "set --",
            $"for r in {string.Join(' ', roots.Select(SshClient.Quote))}; do [ -e \"$r\" ] && set -- \"$@\" \"$r\"; done",
            "if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f='P\\t${binary:Package}\\t${Version}\\t${Architecture}\\n'",
            "elif command -v rpm >/dev/null 2>&1; then rpm -qa --qf 'P\\t%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'; fi",
            "[ $# -gt 0 ] || exit 0",
            // The device of each root and of each entry: a file bind-mounted into the instance (a container's
            // /etc/hosts) is on another device and is not part of the image.
            "stat -c 'R\t%d\t%n' \"$@\"",
            "find \"$@\" -xdev -printf 'E\\t%D\\t%y\\t%m\\t%u:%g\\t%s\\t%p\\n'",
            "find \"$@\" -xdev -type f -print0 | xargs -0 -r sha256sum | sed 's/^/H\t/'");
        return $"if [ \"$(id -u)\" = 0 ]; then sh -c {SshClient.Quote(script)}; else sudo -n sh -c {SshClient.Quote(script)}; fi";
    }
}
